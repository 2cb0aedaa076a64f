package io.fxg.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import io.fxg.proof.JournalAudit;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.ProofVerificationException;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * The journal audit ({@link JournalAudit}, what {@code fxg audit} runs) over the bench's journal,
 * in this JVM, once the rig's nodes are stopped: events are deserialized in a local ActorSystem
 * with the node's serialization config, checkpoints checked with the log key in the rig's keys
 * directory. The result is {@code ok}, the counts and the seconds; a failure carries its findings
 * or the error that kept the journal from being read.
 */
final class BenchAudit {
  /** Findings copied into the JSON; the count says how many there were. */
  private static final int FINDINGS_SHOWN = 10;

  private BenchAudit() {}

  static ObjectNode run(Config config, PrintStream log) {
    log.println("bench: audit of the journal (nodes stopped) ...");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fxg-bench-audit", localConfig(config));
    try {
      Serialization serialization = SerializationExtension.get(system);
      JournalAudit audit = new JournalAudit(config.getString("fxg.jdbc.effective-url"),
          config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password"),
          (payload, serializerId, manifest) -> serialization.deserialize(payload, serializerId, manifest).get(),
          logVerifier(config), line -> log.println("bench:   " + line));
      return summary(audit.run());
    } catch (IOException | CryptoException | ProofVerificationException | SQLException e) {
      ObjectNode failed = Json.object();
      failed.put("ok", false);
      failed.put("error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return failed;
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.println("bench: the audit's actor system did not terminate cleanly: " + e.getMessage());
      }
    }
  }

  /** The node's config without cluster or remoting: only its serialization is needed. */
  private static Config localConfig(Config config) {
    return config.withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"))
        .withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef("WARNING"));
  }

  /** The verifier of the log key the nodes signed checkpoints with; the rig always has one. */
  private static NoteVerifier logVerifier(Config config) throws IOException, CryptoException, ProofVerificationException {
    Path file = Path.of(config.getString("fxg.keys.dir")).resolve("log.private.jwk");
    return NoteVerifier.of(config.getString("fxg.log.origin"), Jwk.parse(Files.readString(file)).publicKey());
  }

  private static ObjectNode summary(JournalAudit.Summary s) {
    ObjectNode audit = Json.object();
    audit.put("ok", s.ok());
    audit.put("records", s.records());
    audit.put("chains", s.chains());
    audit.put("leaves", s.leaves());
    audit.put("seconds", Resources.round(s.elapsed().toNanos() / 1e9));
    audit.put("records_per_second", Math.round(s.recordsPerSecond()));
    audit.put("journal_rows", s.journalRows());
    audit.put("checkpoints", s.checkpoints());
    audit.put("tiles", s.tiles());
    audit.put("not_yet_logged", s.notYetLogged());
    audit.put("finding_count", s.findingCount());
    ArrayNode findings = audit.putArray("findings");
    s.findings().stream().limit(FINDINGS_SHOWN).forEach(f -> findings.add(f.toString()));
    return audit;
  }
}
