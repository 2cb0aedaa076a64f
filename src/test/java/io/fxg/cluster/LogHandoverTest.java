package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.proof.Checkpoint;
import io.fxg.proof.JournalAudit;
import io.fxg.serialization.Json;
import io.fxg.testkit.ChainWriter;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;

/**
 * Singleton hand-over mid-stream: two nodes share one journal, the log singleton runs on the first
 * (oldest); while the second keeps journaling, the first leaves. The log continues on the second
 * from its tables: leaf i stays record i, in journal order, with no gap and no duplicate (the
 * audit's merge of journal and leaves checks exactly that), and executions still reach phase 8.
 */
class LogHandoverTest {
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":%d}}";
  static final int CHAINS = 10;
  static final int ROUNDS = 30;
  static final int WRITE_SIZE = 20;

  @Test
  void handover_midStream_keepsLeafOrderAndCount() throws Exception {
    // The first node, the oldest, runs the log singleton.
    try (GatewayFixture cluster = GatewayFixture.builder().nodes(2).stubbed().start()) {
      String url = cluster.journal().url();
      GatewayNode survivor = cluster.node(1);
      HttpCalls http = cluster.http(1);
      List<String> executions = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        executions.add(Json.parse(http.post("/v1/executions", String.format(BODY, i), "Fxg-Test-Caller",
            "partner-a/agent-7").body()).get("executionId").asText());
      }

      List<ActorRef<ChainWriter.Write>> writers = writers(survivor);
      writeRounds(survivor, writers, 0, ROUNDS / 3);
      await().atMost(Duration.ofSeconds(60)).until(() -> checkpointSize(http) >= 500);
      // The journal keeps growing while the node holding the singleton leaves.
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeRounds(survivor, writers, ROUNDS / 3, ROUNDS));
      long beforeHandover = checkpointSize(http);
      cluster.stop(cluster.node(0));
      writing.get();
      await().atMost(Duration.ofSeconds(90)).until(() -> executions.stream().allMatch(id -> phase(http, id) == 8)
          && checkpointSize(http) == lineageRows(url));
      long total = lineageRows(url);
      assertTrue(beforeHandover < total, "leaves were appended after the hand-over");

      Serialization serialization = SerializationExtension.get(survivor.system());
      JournalAudit.Summary audit = new JournalAudit(url, "fxg", "",
          (payload, id, manifest) -> serialization.deserialize(payload, id, manifest).get(), null, line -> {}).run();
      assertTrue(audit.ok(), audit.findings().toString());
      assertEquals(total, audit.records());
      assertEquals(total, audit.leaves());
      assertEquals(0, audit.notYetLogged());
    }
  }

  static List<ActorRef<ChainWriter.Write>> writers(GatewayNode node) {
    List<ActorRef<ChainWriter.Write>> writers = new ArrayList<>();
    for (int c = 0; c < CHAINS; c++) {
      writers.add(node.system().systemActorOf(ChainWriter.create("handover-" + c), "handover-" + c, Props.empty()));
    }
    return writers;
  }

  static void writeRounds(GatewayNode node, List<ActorRef<ChainWriter.Write>> writers, int from, int to) {
    for (int round = from; round < to; round++) {
      List<CompletableFuture<Done>> writes = new ArrayList<>();
      for (ActorRef<ChainWriter.Write> writer : writers) {
        writes.add(AskPattern.<ChainWriter.Write, Done>ask(writer, r -> new ChainWriter.Write(WRITE_SIZE, r),
            Duration.ofSeconds(30), node.system().scheduler()).toCompletableFuture());
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }
  }

  static long checkpointSize(HttpCalls http) {
    var response = http.get("/v1/log/checkpoint");
    try {
      return response.statusCode() == 200 ? Checkpoint.parseUnverified(response.body()).size() : -1;
    } catch (Exception e) {
      throw new AssertionError(response.body(), e);
    }
  }

  static int phase(HttpCalls http, String id) {
    try {
      return Json.parse(http.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").body()).path("phase").asInt();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long lineageRows(String url) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "fxg", "");
        ResultSet rows = connection.createStatement().executeQuery(
            "SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'lineage'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
