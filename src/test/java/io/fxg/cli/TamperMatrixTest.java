package io.fxg.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.cluster.GatewayNode;
import io.fxg.crypto.Jwk;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.NoteVerifier;
import io.fxg.serialization.Json;
import io.fxg.testkit.ChainWriter;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.Journal;
import io.fxg.testkit.TestPolicies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The tamper matrix of {@code fxg audit} (docs/reliability.md): for each kind of stored data of an
 * H2 file journal written by a real node (a lineage chain's journal row, a policy record, a domain
 * record, a log leaf's record and its hash, a full hash tile, a checkpoint), one byte changed in the
 * database makes the audit fail with its first finding naming the check and the record (persistence
 * id and seq, leaf index, tile level and index, or checkpoint size). Each case restores the byte
 * afterwards, and the untouched journal passes.
 */
class TamperMatrixTest {
  static final String CHAIN = "Bench|tamper-0";
  static Journal journal;
  static Path configFile;
  static Path keys;

  /** A node with nothing stubbed, unsigned callers, a domain (its environment unstarted) and a policy. */
  @BeforeAll
  static void journalFromARealNode() throws Exception {
    Path dir = Files.createTempDirectory("fxg-tamper");
    journal = new Journal("jdbc:h2:async:" + dir.resolve("db").resolve("fxg") + ";DB_CLOSE_DELAY=-1", "fxg", "");
    keys = dir.resolve("keys");
    configFile = dir.resolve("audit.conf");
    Files.writeString(configFile, journal.config() + "fxg.home = \"" + dir + "\"\nfxg.keys.dir = \"" + keys + "\"\n");
    Federation tampered = Federation.of().domain("tampered", "Tampered").registered("tampered/prod", Jwk.generate(null),
        "http://127.0.0.1:9100", Map.of("image", "sha256:" + "ab".repeat(32)), 30);
    try (GatewayFixture fixture = GatewayFixture.builder().unsigned().keysDir(keys).journal(journal)
        .federation(tampered).policy(TestPolicies.bundle(2)).start()) {
      GatewayNode node = fixture.node();
      HttpCalls http = fixture.http();
      // Enough records for a full hash tile (256 leaves) at level 0.
      var writer = node.system().systemActorOf(ChainWriter.create("tamper-0"), "tamper-0", Props.empty());
      for (int i = 0; i < 3; i++) {
        AskPattern.<ChainWriter.Write, Done>ask(writer, r -> new ChainWriter.Write(100, r), Duration.ofSeconds(30),
            node.system().scheduler()).toCompletableFuture().get();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> checkpointSize(http)
          == journal.count("SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'lineage'"));
    }
    assertTrue(journal.count("SELECT COUNT(*) FROM fxg_log_tiles") >= 1);
  }

  static long checkpointSize(HttpCalls http) throws Exception {
    return Checkpoint.parseUnverified(http.get("/v1/log/checkpoint").body()).size();
  }

  /** One stored value: the row's table, column and key, its bytes, and the finding its change must cause. */
  record Stored(String table, String column, String key, byte[] bytes, int changedAt, String expected) {}

  /** How one kind of stored data is found, changed by one byte, and named by the audit. */
  interface Kind {
    Stored locate() throws Exception;
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("journal row (event_payload)", (Kind) () -> journalRow(CHAIN, 2)),
        Arguments.of("policy record (event_payload)", (Kind) () -> journalRow(persistenceIdLike("PolicyStore|%"), 1)),
        Arguments.of("domain record (event_payload)", (Kind) () -> journalRow("Domain|tampered", 1)),
        Arguments.of("log leaf (record)", (Kind) () -> leafRecord(CHAIN, 3)),
        Arguments.of("log leaf (leaf_hash)", (Kind) () -> leafHash(CHAIN, 3)),
        Arguments.of("tile (fxg_log_tiles hashes)", (Kind) TamperMatrixTest::tile),
        Arguments.of("checkpoint (fxg_log_checkpoints note)", (Kind) TamperMatrixTest::checkpoint));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void audit_oneByteChanged_failsNamingTheRecordAndCheck(String kind, Kind locator) throws Exception {
    Stored stored = locator.locate();
    byte[] changed = stored.bytes().clone();
    changed[stored.changedAt()] = changedByte(changed[stored.changedAt()]);
    write(stored, changed);
    try {
      String[] result = audit();
      assertEquals("1", result[0], result[1] + result[2]);
      String first = result[1].lines().filter(line -> line.startsWith("FAIL ")).findFirst().orElse("");
      assertEquals(stored.expected(), first, result[1]);
    } finally {
      write(stored, stored.bytes());
    }
  }

  @Test
  void audit_untouchedJournal_passesCheckingTilesAndCheckpoints() {
    String[] result = audit();
    assertEquals("0", result[0], result[1] + result[2]);
    assertTrue(result[1].matches("(?s).* [1-9][0-9]* tiles, [1-9][0-9]* checkpoints.*"), result[1]);
  }

  /** A different character of the same alphabet (hex digit, base64 letter or digit). */
  static byte changedByte(byte b) {
    return (byte) (b == '0' ? '1' : Character.isDigit(b) ? '0' : b == 'a' ? 'b' : b == 'A' ? 'B'
        : Character.isLetter(b) ? 'a' : b ^ 0x01);
  }

  /** The row's own {@code hash} in its payload: one hex digit of it changed. */
  static Stored journalRow(String persistenceId, long seq) throws Exception {
    JsonNode record = leafJson(persistenceId, seq);
    String hex = record.get("hash").asText().substring("sha256:".length());
    byte[] payload = bytes("SELECT \"event_payload\" FROM \"event_journal\" WHERE \"persistence_id\" = ? AND"
        + " \"sequence_number\" = ?", persistenceId, seq);
    int at = indexOf(payload, hex.getBytes(StandardCharsets.US_ASCII)) + hex.length() - 1;
    return new Stored("\"event_journal\"", "\"event_payload\"",
        "\"persistence_id\" = '" + persistenceId + "' AND \"sequence_number\" = " + seq, payload, at,
        "FAIL chain: " + persistenceId + " (" + record.get("executionId").asText() + ") seq " + seq
            + ": hash does not match the record");
  }

  static Stored leafRecord(String persistenceId, long seq) throws Exception {
    byte[] bytes = bytes("SELECT record FROM fxg_log_leaves WHERE persistence_id = ? AND seq = ?", persistenceId, seq);
    int at = indexOf(bytes, "\"type\":\"".getBytes(StandardCharsets.US_ASCII)) + 8;
    return new Stored("fxg_log_leaves", "record", leafKey(persistenceId, seq), bytes, at, "FAIL log.leaf: "
        + persistenceId + " seq " + seq + ": leaf " + leafIndex(persistenceId, seq)
        + ": stored hash is not SHA-256(0x00 || record)");
  }

  static Stored leafHash(String persistenceId, long seq) throws Exception {
    byte[] bytes = bytes("SELECT leaf_hash FROM fxg_log_leaves WHERE persistence_id = ? AND seq = ?", persistenceId, seq);
    return new Stored("fxg_log_leaves", "leaf_hash", leafKey(persistenceId, seq), bytes, 7, "FAIL log.leaf: "
        + persistenceId + " seq " + seq + ": leaf " + leafIndex(persistenceId, seq) + " differs from the journal record");
  }

  static Stored tile() throws Exception {
    byte[] bytes = bytes("SELECT hashes FROM fxg_log_tiles WHERE level = 0 AND idx = 0");
    return new Stored("fxg_log_tiles", "hashes", "level = 0 AND idx = 0", bytes, 3 * 32 + 5,
        "FAIL log.tile: tile level 0 index 0: hash 3 differs from the tree recomputed from the journal");
  }

  /** One character of the root hash line of the largest checkpoint. */
  static Stored checkpoint() throws Exception {
    long size = journal.count("SELECT MAX(size) FROM fxg_log_checkpoints");
    String text;
    try (Connection connection = journal.connect();
        ResultSet rows = connection.createStatement().executeQuery(
            "SELECT note FROM fxg_log_checkpoints WHERE size = " + size)) {
      assertTrue(rows.next());
      text = rows.getString(1);
    }
    byte[] note = text.getBytes(StandardCharsets.UTF_8);
    int rootLine = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
    return new Stored("fxg_log_checkpoints", "note", "size = " + size, note, rootLine + 10,
        "FAIL checkpoint: checkpoint size " + size + ": invalid signature for key " + NoteVerifier.of("fxg.local/log",
            Jwk.parse(Files.readString(keys.resolve("log.private.jwk"))).publicKey()).keyId());
  }

  static String persistenceIdLike(String pattern) throws Exception {
    try (Connection connection = journal.connect();
        PreparedStatement query = connection.prepareStatement(
            "SELECT DISTINCT persistence_id FROM fxg_log_leaves WHERE persistence_id LIKE ?")) {
      query.setString(1, pattern);
      try (ResultSet rows = query.executeQuery()) {
        assertTrue(rows.next(), "no leaf of " + pattern);
        return rows.getString(1);
      }
    }
  }

  static JsonNode leafJson(String persistenceId, long seq) throws Exception {
    return Json.parse(new String(bytes("SELECT record FROM fxg_log_leaves WHERE persistence_id = ? AND seq = ?",
        persistenceId, seq), StandardCharsets.UTF_8));
  }

  static String leafKey(String persistenceId, long seq) {
    return "persistence_id = '" + persistenceId + "' AND seq = " + seq;
  }

  static long leafIndex(String persistenceId, long seq) throws Exception {
    return journal.count("SELECT idx FROM fxg_log_leaves WHERE " + leafKey(persistenceId, seq));
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found: " + new String(needle, StandardCharsets.UTF_8));
  }

  static byte[] bytes(String sql, Object... parameters) throws Exception {
    try (Connection connection = journal.connect();
        PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = query.executeQuery()) {
        assertTrue(rows.next(), sql);
        return rows.getBytes(1);
      }
    }
  }

  static void write(Stored stored, byte[] bytes) throws Exception {
    try (Connection connection = journal.connect();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE " + stored.table() + " SET " + stored.column() + " = ? WHERE " + stored.key())) {
      if (stored.column().equals("note")) {
        update.setString(1, new String(bytes, StandardCharsets.UTF_8));
      } else {
        update.setBytes(1, bytes);
      }
      assertEquals(1, update.executeUpdate());
    }
  }

  static String[] audit() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--config", configFile.toString());
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }
}
