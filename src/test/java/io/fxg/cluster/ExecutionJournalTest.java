package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import io.fxg.testkit.FixtureBuilder;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The journal round trip on a real database: H2 file by default, PostgreSQL when
 * {@code FXG_TEST_JDBC_URL} names one ({@code .ci/run}). Executions journaled by one node replay,
 * record for record and hash for hash, on a node started afresh on the same journal.
 */
class ExecutionJournalTest {
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"%s\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":%d}}";

  static JsonNode json(String text) throws Exception {
    return Json.parse(text);
  }

  @Test
  void journal_restartedNode_replaysIdenticalLineage() throws Exception {
    Path dir = Files.createTempDirectory("fxg-journal");
    FixtureBuilder node = GatewayFixture.builder().stubbed()
        .journal(Journal.postgresOr(Journal.h2File(dir)));
    Map<String, JsonNode> lineages = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    try (GatewayFixture first = node.start()) {
      HttpCalls http = first.http();
      for (int i = 0; i < 5; i++) {
        String action = i % 2 == 0 ? "invoice.create" : "invoice.delete";
        var response = http.post("/v1/executions", String.format(BODY, action, i), "Fxg-Test-Caller", "partner-a/agent-7", "Prefer", "wait=10");
        assertEquals(200, response.statusCode(), response.body());
        ids.add(json(response.body()).get("executionId").asText());
      }
      for (String id : ids) {
        lineages.put(id, json(http.get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", "admin/root").body()));
      }
    }
    try (GatewayFixture second = node.start()) {
      HttpCalls http = second.http();
      for (String id : ids) {
        JsonNode replayed = json(http.get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", "admin/root").body());
        // The same records, hash for hash; phase 8 (proof.persisted) may have been added since.
        JsonNode before = lineages.get(id).get("records");
        for (int i = 0; i < before.size(); i++) {
          assertEquals(before.get(i), replayed.get("records").get(i), "record " + i + " of " + id + " after restart");
        }
        assertTrue(replayed.get("records").size() >= 2);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        JsonNode found = json(http.get("/v1/executions?limit=500", "Fxg-Test-Caller", "admin/root").body()).get("executions");
        List<String> seen = new ArrayList<>();
        found.forEach(e -> seen.add(e.get("executionId").asText()));
        return seen.containsAll(ids);
      });
    }
  }
}
