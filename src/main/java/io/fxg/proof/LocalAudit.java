package io.fxg.proof;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * The {@link JournalAudit} of a node's journal from this JVM, as {@code fxg audit} and the bench run
 * it: events are deserialized by Pekko serialization in a local ActorSystem with the node's
 * serialization config (no cluster, no remoting, no persistence plugin started), and checkpoints
 * are checked with the log key found in the node's keys directory.
 */
public final class LocalAudit {
  private static final long TERMINATION_SECONDS = 30;

  private LocalAudit() {}

  /** Replays the journal {@code config} points at; {@code logKey} null leaves checkpoint signatures unchecked. */
  public static JournalAudit.Summary run(Config config, NoteVerifier logKey, Consumer<String> progress) throws SQLException {
    Config local = config.withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"))
        .withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef("WARNING"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fxg-audit", local);
    try {
      Serialization serialization = SerializationExtension.get(system);
      return new JournalAudit(config.getString("fxg.jdbc.effective-url"),
          config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password"),
          (payload, serializerId, manifest) -> serialization.deserialize(payload, serializerId, manifest).get(),
          logKey, progress).run();
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(TERMINATION_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        progress.accept("the audit's actor system did not stop within " + TERMINATION_SECONDS + " s: " + e);
      }
    }
  }

  /**
   * The verifier of {@code log.private.jwk} in the node's keys directory ({@code fxg.keys.dir}, or
   * {@code keys} under {@code fxg.home}), read without creating anything; null when there is none.
   */
  public static NoteVerifier logKeyOf(Config config) throws IOException, CryptoException, ProofVerificationException {
    String dir = config.getString("fxg.keys.dir");
    Path keys = dir.isBlank() ? Path.of(config.getString("fxg.home")).resolve("keys") : Path.of(dir);
    Path file = keys.resolve("log.private.jwk");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    return NoteVerifier.of(config.getString("fxg.log.origin"), Jwk.parse(Files.readString(file)).publicKey());
  }
}
