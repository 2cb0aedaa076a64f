package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.JournalAudit;
import io.fxg.serialization.Json;
import io.fxg.testkit.ChainWriter;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.Journal;
import io.fxg.testkit.StubServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The late-commit gap, reproduced for real: a lineage row is inserted into the journal in a
 * transaction that stays open while the node journals more, so the log's stream gives up on its
 * ordering and passes it; then it commits. Reconciliation appends it at the end of the log exactly
 * once and the audit, taking the log's leaf order as authoritative, passes. Tampering afterwards
 * (a duplicated leaf, a deleted one) still fails naming the record and the check. In order: the
 * later tests change the database the first audited.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogReconcileAuditTest {
  static final String LATE_ID = "Late|late-1";
  static final String CONFIG = "fxg.http.allow-unsigned = on\n"
      + "fxg.log.reconcile-interval = 300 ms\n"
      // Give up on a journal gap after ~0.5 s instead of ~10 s, so the stream passes the open row soon.
      + "fxg-log-read-journal.journal-sequence-retrieval { query-delay = 100 ms, max-tries = 5 }\n";
  static String url;
  /** Deserializes for the audits, which run after the node stopped (else it would repair the tampering). */
  static final ActorSystem<Void> auditSystem = ActorSystem.create(Behaviors.empty(), "late-audit",
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  static final Serialization serialization = SerializationExtension.get(auditSystem);
  static long lateOrdering;
  static long totalLineage;

  @BeforeAll
  static void journalWithALateCommit() throws Exception {
    url = "jdbc:h2:mem:late-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (GatewayFixture fixture = GatewayFixture.builder().config(CONFIG).services(StubServices.permitting())
        .journal(Journal.url(url)).start()) {
      writeWithALateCommit(fixture.node(), fixture.http());
    }
  }

  static void writeWithALateCommit(GatewayNode node, HttpCalls http) throws Exception {
    List<ActorRef<ChainWriter.Write>> writers = LogHandoverTest.writers(node);
    LogHandoverTest.writeRounds(node, writers, 0, 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> checkpointSize(http) == lineageRows());

    try (Connection late = DriverManager.getConnection(url, "fxg", "")) {
      late.setAutoCommit(false);
      lateOrdering = insertLateRecord(late);
      LogHandoverTest.writeRounds(node, writers, 2, 4);
      // The log has passed the still uncommitted ordering: leaves above it are stored.
      await().atMost(Duration.ofSeconds(30)).until(() -> maxLeafOrdering() > lateOrdering);
      assertEquals(0, leafCount("persistence_id = '" + LATE_ID + "'"));
      late.commit();
    }
    LogHandoverTest.writeRounds(node, writers, 4, 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> checkpointSize(http) == lineageRows()
        && leafCount("persistence_id = '" + LATE_ID + "'") == 1);
    totalLineage = lineageRows();
    await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/metrics").body()
        .contains("fxg_log_late_records_total 1.0"));
  }

  @AfterAll
  static void stop() {
    auditSystem.terminate();
  }

  /** Journals {@code Late|late-1} seq 1 (a valid genesis record) without committing; its ordering. */
  static long insertLateRecord(Connection connection) throws Exception {
    LineageRecord record = LineageChain.next(null, "late-1", "execution.progress", 6,
        Instant.parse("2026-11-27T09:00:00Z"), "127.0.0.1:25520", Json.object().put("late", true));
    ChainWriter.Written event = new ChainWriter.Written(record);
    Serializer serializer = serialization.findSerializerFor(event);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"event_journal\" (\"deleted\","
        + " \"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\","
        + " \"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (FALSE, ?, 1, 'test', 0, '', ?, ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, LATE_ID);
      insert.setBytes(2, serializer.toBinary(event));
      insert.setInt(3, serializer.identifier());
      insert.setString(4, Serializers.manifestFor(serializer, event));
      insert.executeUpdate();
    }
    long ordering;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT \"ordering\" FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
      select.setString(1, LATE_ID);
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next());
        ordering = rows.getLong(1);
      }
    }
    try (PreparedStatement tag = connection.prepareStatement(
        "INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, 'lineage')")) {
      tag.setLong(1, ordering);
      tag.executeUpdate();
    }
    return ordering;
  }

  @Test
  @Order(1)
  void lateCommit_isAppendedOnceAtTheEnd_andTheAuditPasses() throws Exception {
    assertEquals(1, leafCount("journal_ordering = " + lateOrdering));
    long lateIndex = longQuery("SELECT idx FROM fxg_log_leaves WHERE journal_ordering = " + lateOrdering);
    assertTrue(leafCount("journal_ordering > " + lateOrdering + " AND idx < " + lateIndex) > 0,
        "records journaled after it were logged before it");
    JournalAudit.Summary audit = audit();
    assertTrue(audit.ok(), audit.findings().toString());
    assertEquals(totalLineage, audit.records());
    assertEquals(totalLineage, audit.leaves());
    assertEquals(1, audit.lateLeaves());
    assertEquals(0, audit.notYetLogged());
  }

  @Test
  @Order(2)
  void duplicatedLeaves_failNamingRecordAndCheck() throws Exception {
    long size = leafCount("TRUE");
    try (Connection connection = DriverManager.getConnection(url, "fxg", "");
        Statement statement = connection.createStatement()) {
      dropUniqueKeys(statement);
      // The late record again, and an in-order one (Bench|handover-0 seq 3) again, at the end.
      statement.executeUpdate("INSERT INTO fxg_log_leaves SELECT " + size + ", journal_ordering, persistence_id, seq,"
          + " leaf_hash, record, terminal_execution FROM fxg_log_leaves WHERE journal_ordering = " + lateOrdering);
      statement.executeUpdate("INSERT INTO fxg_log_leaves SELECT " + (size + 1) + ", journal_ordering, persistence_id,"
          + " seq, leaf_hash, record, terminal_execution FROM fxg_log_leaves"
          + " WHERE persistence_id = 'Bench|handover-0' AND seq = 3");
    }
    JournalAudit.Summary audit = audit();
    assertFalse(audit.ok());
    assertEquals(List.of("FAIL log.duplicate: " + LATE_ID + " seq 1: leaf " + size + " repeats journal ordering "
            + lateOrdering + ", which an earlier leaf holds",
        "FAIL log.duplicate: Bench|handover-0 seq 3: leaf " + (size + 1) + " repeats journal ordering "
            + longQuery("SELECT journal_ordering FROM fxg_log_leaves WHERE idx = " + (size + 1))
            + ", which an earlier leaf holds"),
        audit.findings().stream().map(Object::toString).toList());
    try (Connection connection = DriverManager.getConnection(url, "fxg", "")) {
      connection.createStatement().executeUpdate("DELETE FROM fxg_log_leaves WHERE idx >= " + size);
    }
    assertTrue(audit().ok());
  }

  @Test
  @Order(3)
  void alteredLateLeaf_failsNamingRecordAndCheck() throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "fxg", "")) {
      connection.createStatement().executeUpdate("UPDATE fxg_log_leaves SET leaf_hash = X'"
          + "00".repeat(32) + "' WHERE journal_ordering = " + lateOrdering);
    }
    JournalAudit.Summary audit = audit();
    assertTrue(audit.findings().stream().map(Object::toString).anyMatch(f -> f.startsWith(
        "FAIL log.leaf: " + LATE_ID + " seq 1: leaf ") && f.endsWith("differs from the journal record")),
        audit.findings().toString());
  }

  @Test
  @Order(4)
  void missingLateLeaf_failsNamingRecordAndCheck() throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "fxg", "")) {
      connection.createStatement().executeUpdate("DELETE FROM fxg_log_leaves WHERE journal_ordering = " + lateOrdering);
    }
    JournalAudit.Summary audit = audit();
    List<String> findings = audit.findings().stream().map(Object::toString).toList();
    assertTrue(findings.contains("FAIL log.missing: " + LATE_ID + " seq 1: journal ordering " + lateOrdering
        + " is not in the log"), findings.toString());
    assertTrue(findings.stream().anyMatch(f -> f.startsWith("FAIL checkpoint: ")), findings.toString());
  }

  static JournalAudit.Summary audit() throws Exception {
    return new JournalAudit(url, "fxg", "",
        (payload, id, manifest) -> serialization.deserialize(payload, id, manifest).get(), null, line -> {}).run();
  }

  static void dropUniqueKeys(Statement statement) throws Exception {
    statement.executeUpdate("DROP INDEX fxg_log_leaves_record_idx");
    List<String> constraints = new java.util.ArrayList<>();
    try (ResultSet rows = statement.executeQuery("SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
        + " WHERE TABLE_NAME = 'FXG_LOG_LEAVES' AND CONSTRAINT_TYPE = 'UNIQUE'")) {
      while (rows.next()) {
        constraints.add(rows.getString(1));
      }
    }
    for (String constraint : constraints) {
      statement.executeUpdate("ALTER TABLE fxg_log_leaves DROP CONSTRAINT \"" + constraint + "\"");
    }
  }

  static long checkpointSize(HttpCalls http) throws Exception {
    var response = http.get("/v1/log/checkpoint");
    return response.statusCode() == 200 ? Checkpoint.parseUnverified(response.body()).size() : -1;
  }

  static long lineageRows() throws Exception {
    return longQuery("SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'lineage'");
  }

  static long maxLeafOrdering() throws Exception {
    return longQuery("SELECT COALESCE(MAX(journal_ordering), 0) FROM fxg_log_leaves");
  }

  static long leafCount(String where) throws Exception {
    return longQuery("SELECT COUNT(*) FROM fxg_log_leaves WHERE " + where);
  }

  static long longQuery(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "fxg", "");
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
