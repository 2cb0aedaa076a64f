package io.fxg.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.fxg.crypto.CryptoException;
import io.fxg.proof.JournalAudit;
import io.fxg.proof.LocalAudit;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.ProofVerificationException;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * The journal audit ({@link LocalAudit}, what {@code fxg audit} runs) over the bench's journal,
 * in this JVM, once the rig's nodes are stopped, checkpoints checked with the log key in the rig's
 * keys directory (the rig always has one). The result is {@code ok}, the counts and the seconds;
 * a failure carries its findings or the error that kept the journal from being read.
 */
final class BenchAudit {
  /** Findings copied into the JSON; the count says how many there were. */
  private static final int FINDINGS_SHOWN = 10;

  private BenchAudit() {}

  static ObjectNode run(Config config, PrintStream log) {
    log.println("bench: audit of the journal (nodes stopped) ...");
    try {
      NoteVerifier logKey = LocalAudit.logKeyOf(config);
      if (logKey == null) {
        throw new IOException("no log.private.jwk in " + config.getString("fxg.keys.dir"));
      }
      return summary(LocalAudit.run(config, logKey, line -> log.println("bench:   " + line)));
    } catch (IOException | CryptoException | ProofVerificationException | SQLException e) {
      ObjectNode failed = Json.object();
      failed.put("ok", false);
      failed.put("error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return failed;
    }
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
