package io.fxg.cli;

import com.typesafe.config.Config;
import io.fxg.cluster.NodeConfig;
import io.fxg.crypto.CryptoException;
import io.fxg.proof.JournalAudit;
import io.fxg.proof.LocalAudit;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.ProofVerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fxg audit [--config FILE] [--log-key KEY]}: replays the whole journal read-only
 * ({@link JournalAudit}). Events are deserialized by Pekko serialization in a local ActorSystem
 * with the node's serialization config (no cluster, no persistence plugin started). Prints each
 * finding and a summary with records per second; exit 0 when clean, 1 on any discrepancy, 2 when
 * the database or a key cannot be read.
 */
@Command(name = "audit", description = "Replay the whole journal read-only: every chain, the log, every checkpoint.")
public final class AuditCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file layered over the defaults (the node's)")
  Path config;

  @Option(names = "--log-key", paramLabel = "KEY",
      description = "the log's note verifier key; default: derived from log.private.jwk in the keys directory")
  String logKey;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config loaded = NodeConfig.load(config);
    NoteVerifier verifier;
    try {
      verifier = logVerifier(loaded);
    } catch (IOException | CryptoException | ProofVerificationException e) {
      err.println("fxg audit: the log key cannot be read: " + e.getMessage());
      return 2;
    }
    if (verifier == null) {
      out.println("WARN checkpoint signatures are not checked: no log key (give --log-key)");
    }
    try {
      JournalAudit.Summary summary = LocalAudit.run(loaded, verifier, line -> {
        err.println(line);
        err.flush();
      });
      summary.findings().forEach(out::println);
      if (summary.findingCount() > summary.findings().size()) {
        out.println("... and " + (summary.findingCount() - summary.findings().size()) + " more findings");
      }
      out.printf("audit: %,d journal rows, %,d lineage records in %,d chains, %,d log leaves (%,d appended late),"
              + " %,d tiles, %,d checkpoints, %,d records not yet logged; %.1f s, %,.0f records/s%n",
          summary.journalRows(), summary.records(), summary.chains(), summary.leaves(), summary.lateLeaves(),
          summary.tiles(), summary.checkpoints(), summary.notYetLogged(),
          summary.elapsed().toMillis() / 1000.0, summary.recordsPerSecond());
      out.println(summary.ok() ? "OK: no discrepancy" : "FAILED: " + summary.findingCount() + " discrepancies");
      out.flush();
      return summary.ok() ? 0 : 1;
    } catch (SQLException e) {
      // H2 appends the SQL statement on further lines; the first line says what is wrong.
      err.println("fxg audit: the journal cannot be read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return 2;
    }
  }

  /** The verifier of {@code --log-key}, or of {@code log.private.jwk} in the keys directory. */
  private NoteVerifier logVerifier(Config loaded) throws IOException, CryptoException, ProofVerificationException {
    return logKey != null ? NoteVerifier.parse(logKey) : LocalAudit.logKeyOf(loaded);
  }
}
