package io.fxg.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.cluster.GatewayNode;
import io.fxg.proof.Checkpoint;
import io.fxg.serialization.Json;
import io.fxg.testkit.ChainWriter;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.Journal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code fxg audit} on an H2 file journal written by a real node: real executions (proven, phase 8)
 * and bulk chains for a throughput measurement. The clean journal passes; one altered
 * {@code event_payload} fails, naming chain, seq and check. Runs in order: the second test
 * tampers with the database the first audited.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditCommandTest {
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"%s\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":%d}}";
  static final int CHAINS = 20;
  static final int RECORDS_PER_CHAIN = 1000;
  static final int WRITE_SIZE = 100;
  static String url;
  static Path configFile;
  static final List<String> ids = new ArrayList<>();

  @BeforeAll
  static void journalFromARealNode() throws Exception {
    Path dir = Files.createTempDirectory("fxg-audit");
    // The embedded database stays open in this JVM after the node stops (DB_CLOSE_DELAY=-1), as a
    // stopped node's file would be for a later process; "async:" files, so that a journal query
    // interrupted while the node stops cannot close the file channel under the database.
    url = "jdbc:h2:async:" + dir.resolve("db").resolve("fxg") + ";DB_CLOSE_DELAY=-1";
    String keys = dir.resolve("keys").toString();
    configFile = dir.resolve("audit.conf");
    Files.writeString(configFile, "fxg.jdbc.url = \"" + url + "\"\nfxg.jdbc.user = \"fxg\"\nfxg.jdbc.password = \"\"\n"
        + "fxg.home = \"" + dir + "\"\nfxg.keys.dir = \"" + keys + "\"\n");
    try (GatewayFixture fixture = GatewayFixture.builder().stubbed()
        .keysDir(Path.of(keys)).journal(Journal.url(url)).start()) {
      GatewayNode node = fixture.node();
      HttpCalls http = fixture.http();
      for (int i = 0; i < 20; i++) {
        String action = i % 4 == 3 ? "invoice.delete" : "invoice.create";
        var response = http.post("/v1/executions", String.format(BODY, action, i), "Fxg-Test-Caller", "partner-a/agent-7");
        ids.add(Json.parse(response.body()).get("executionId").asText());
      }
      long before = checkpointSize(http);
      long start = System.nanoTime();
      List<ActorRef<ChainWriter.Write>> writers = new ArrayList<>();
      for (int c = 0; c < CHAINS; c++) {
        writers.add(node.system().systemActorOf(ChainWriter.create("chain-" + c), "bench-" + c, Props.empty()));
      }
      // Rounds of one write per chain keep every journal call well inside its circuit breaker's timeout.
      for (int round = 0; round < RECORDS_PER_CHAIN / WRITE_SIZE; round++) {
        List<CompletableFuture<Done>> writes = new ArrayList<>();
        for (ActorRef<ChainWriter.Write> writer : writers) {
          writes.add(AskPattern.<ChainWriter.Write, Done>ask(writer, r -> new ChainWriter.Write(WRITE_SIZE, r),
              Duration.ofSeconds(30), node.system().scheduler()).toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
      }
      double writeSeconds = (System.nanoTime() - start) / 1e9;
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
          .until(() -> checkpointSize(http) >= before + (long) CHAINS * RECORDS_PER_CHAIN);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("log append throughput: %,d leaves journaled in %.1f s and logged (checkpointed) after %.1f s:"
          + " %,.0f leaves/s end to end%n", CHAINS * RECORDS_PER_CHAIN, writeSeconds, seconds, CHAINS * RECORDS_PER_CHAIN / seconds);
      await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> phase(http, id) == 8)
          && checkpointSize(http) == lineageRows());
    }
  }

  static long checkpointSize(HttpCalls http) throws Exception {
    return Checkpoint.parseUnverified(http.get("/v1/log/checkpoint").body()).size();
  }

  static int phase(HttpCalls http, String id) {
    try {
      return Json.parse(http.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").body()).path("phase").asInt();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long lineageRows() throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "fxg", "");
        ResultSet rows = connection.createStatement().executeQuery(
            "SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'lineage'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static String[] audit() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--config", configFile.toString());
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  @Order(1)
  void audit_cleanJournal_passesAndReportsRecordsPerSecond() {
    String[] result = audit();
    System.out.print(result[1]);
    assertEquals("0", result[0], result[1] + result[2]);
    assertTrue(result[1].contains("OK: no discrepancy"), result[1]);
    assertTrue(result[1].contains(" 0 records not yet logged"), result[1]);
    assertTrue(result[1].matches("(?s).*records/s.*"), result[1]);
  }

  @Test
  @Order(2)
  void audit_alteredEventPayload_failsNamingChainSeqAndCheck() throws Exception {
    String id = ids.get(0);
    try (Connection connection = DriverManager.getConnection(url, "fxg", "")) {
      PreparedStatement select = connection.prepareStatement("SELECT \"ordering\", \"event_payload\" FROM \"event_journal\""
          + " WHERE \"persistence_id\" = ? AND \"sequence_number\" = 1");
      select.setString(1, "Execution|" + id);
      ResultSet row = select.executeQuery();
      assertTrue(row.next());
      String payload = new String(row.getBytes(2), StandardCharsets.ISO_8859_1);
      assertTrue(payload.contains("invoice.create"));
      PreparedStatement update = connection.prepareStatement("UPDATE \"event_journal\" SET \"event_payload\" = ? WHERE \"ordering\" = ?");
      update.setBytes(1, payload.replace("invoice.create", "invoice.crea7e").getBytes(StandardCharsets.ISO_8859_1));
      update.setLong(2, row.getLong(1));
      assertEquals(1, update.executeUpdate());
    }
    String[] result = audit();
    assertEquals("1", result[0], result[1] + result[2]);
    assertTrue(result[1].contains("FAIL chain: Execution|" + id + " (" + id + ") seq 1: hash does not match the record"), result[1]);
    assertTrue(result[1].contains("FAIL log.leaf: Execution|" + id + " seq 1: leaf "), result[1]);
    assertTrue(result[1].contains("FAILED: "), result[1]);
  }
}
