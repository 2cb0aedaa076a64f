package io.fxg.http;

import static io.fxg.testkit.HttpCalls.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.cluster.GatewayNode;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.StubServices;
import io.fxg.testkit.TestNodes;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route of the executions API, including each 4xx path, against a real node on loopback. */
class ExecutionRoutesTest {
  static GatewayNode node;
  static HttpCalls http;
  static final String CALLER = "partner-a/agent-7";
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250}}";

  @BeforeAll
  static void start() {
    node = GatewayNode.start(TestNodes.config("fxg.http.allow-unsigned = on\nfxg.http.max-body = 4 KiB"), StubServices.permitting());
    http = new HttpCalls(node.httpPort());
    await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/health/ready").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void submit_returns202WithLocation_thenViewCompletes() {
    HttpResponse<String> response = http.post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER);
    assertEquals(202, response.statusCode(), response.body());
    String id = json(response).get("executionId").asText();
    assertEquals("/v1/executions/" + id, response.headers().firstValue("Location").orElseThrow());
    assertEquals("/v1/executions/" + id + "/lineage", json(response).at("/links/lineage").asText());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        json(http.get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER)).get("status").asText().equals("completed"));
    JsonNode view = json(http.get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER));
    assertEquals("RUNTIME_VERIFICATION", view.get("phaseName").asText());
    assertEquals("partner-a", view.at("/caller/domain").asText());
    JsonNode lineage = json(http.get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", "acme/ops"));
    assertEquals(6, lineage.get("records").size());
    assertEquals(view.get("lineageHead").asText(), lineage.get("records").get(5).get("hash").asText());
  }

  @Test
  void submit_preferWait_answers200WithTerminalView() {
    HttpResponse<String> response = http.post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Prefer", "wait=5");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("completed", json(response).get("status").asText());
  }

  @Test
  void submit_denied_viewExplainsReason() {
    HttpResponse<String> response = http.post("/v1/executions", BODY.replace("invoice.create", "invoice.delete"),
        "Fxg-Test-Caller", CALLER, "Prefer", "wait=5");
    assertEquals(200, response.statusCode());
    JsonNode view = json(response);
    assertEquals("denied", view.get("status").asText());
    assertEquals("policy.no-matching-rule", view.at("/outcome/reason").asText());
    assertEquals(2, view.get("phase").asInt());
  }

  @Test
  void submit_sameIdempotencyKey_returnsSameExecution() {
    String first = json(http.post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Idempotency-Key", "k-1")).get("executionId").asText();
    String second = json(http.post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Idempotency-Key", "k-1")).get("executionId").asText();
    String other = json(http.post("/v1/executions", BODY, "Fxg-Test-Caller", "partner-a/agent-8", "Idempotency-Key", "k-1")).get("executionId").asText();
    assertEquals(first, second);
    assertNotEquals(first, other);
  }

  @Test
  void submit_badInputs_are400NamingTheField() {
    assertProblem(http.post("/v1/executions", "{not json", "Fxg-Test-Caller", CALLER), 400, "body");
    assertProblem(http.post("/v1/executions", BODY.replace("\"action\"", "\"extra\":1,\"action\""), "Fxg-Test-Caller", CALLER), 400, "extra");
    assertProblem(http.post("/v1/executions", BODY.replace("\"acme\"", "\"ACME!\""), "Fxg-Test-Caller", CALLER), 400, "target.domain");
    assertProblem(http.post("/v1/executions", BODY.replace("\"billing-prod\"", "\"-bad\""), "Fxg-Test-Caller", CALLER), 400, "target.environment");
    assertProblem(http.post("/v1/executions", BODY.replace("\"invoice.create\"", "42"), "Fxg-Test-Caller", CALLER), 400, "action");
    assertProblem(http.post("/v1/executions", BODY.replace("{\"amount\":250}", "[1]"), "Fxg-Test-Caller", CALLER), 400, "parameters");
    assertProblem(http.post("/v1/executions", BODY.replace("}}", "},\"maxDurationSeconds\":0}").replace("250}", "250}"), "Fxg-Test-Caller", CALLER), 400, "maxDurationSeconds");
    assertProblem(http.post("/v1/executions", BODY.replace(",\"resource\":\"invoices/2026-11\"", ""), "Fxg-Test-Caller", CALLER), 400, "resource");
    assertProblem(http.post("/v1/executions", "", "Fxg-Test-Caller", CALLER), 400, "body");
  }

  /** Found by the HTTP fuzzer: the intent could not be journaled (CBOR) and the submission answered 503. */
  @Test
  void submit_loneSurrogateInResource_is400NamingItAndCreatesNothing() {
    HttpResponse<String> response = http.post("/v1/executions", BODY.replace("invoices/2026-11", "\\uDEC0\\uB2D1"),
        "Fxg-Test-Caller", CALLER);
    assertProblem(response, 400, "resource");
  }

  @Test
  void submit_hugeBody_is413() {
    String huge = BODY.replace("250}", "250,\"pad\":\"" + "x".repeat(8000) + "\"}");
    HttpResponse<String> response = http.post("/v1/executions", huge, "Fxg-Test-Caller", CALLER);
    assertEquals(413, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
  }

  @Test
  void unsigned_isRefused401WithWwwAuthenticate() {
    HttpResponse<String> response = http.post("/v1/executions", BODY);
    assertEquals(401, response.statusCode());
    assertEquals("Signature", response.headers().firstValue("WWW-Authenticate").orElse(""));
  }

  @Test
  void unknownExecution_is404_andOtherDomainsAre403() {
    assertEquals(404, http.get("/v1/executions/01nosuchexecution", "Fxg-Test-Caller", CALLER).statusCode());
    assertEquals(404, http.get("/v1/executions/bad%20id", "Fxg-Test-Caller", CALLER).statusCode());
    String id = json(http.post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER)).get("executionId").asText();
    assertEquals(403, http.get("/v1/executions/" + id, "Fxg-Test-Caller", "partner-b/agent-1").statusCode());
    assertEquals(200, http.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").statusCode());
    assertEquals(404, http.get("/v1/nothing-here", "Fxg-Test-Caller", CALLER).statusCode());
  }

  @Test
  void asyncExecution_reportsThenCancel_andAuthorizationStatus() {
    String body = BODY.replace("invoice.create", "report.generate");
    String id = json(http.post("/v1/executions", body, "Fxg-Test-Caller", CALLER)).get("executionId").asText();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        json(http.get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER)).get("status").asText().equals("running"));
    String report = "{\"seq\":1,\"status\":\"running\",\"actions\":[{\"action\":\"report.generate\",\"resource\":\"invoices/2026-11\"}]}";
    String[] env = {"Fxg-Test-Caller", "acme/billing-prod", "Fxg-Test-Kind", "environment"};
    assertEquals(200, http.post("/v1/executions/" + id + "/reports", report, env).statusCode());
    assertProblem(http.post("/v1/executions/" + id + "/reports", report, env), 409, null);
    assertProblem(http.post("/v1/executions/" + id + "/reports", report.replace("\"running\"", "\"bogus\"").replace("1,", "2,"), env), 400, "status");
    assertProblem(http.post("/v1/executions/" + id + "/reports", report, "Fxg-Test-Caller", CALLER), 403, null);
    assertEquals("active", json(http.get("/v1/authorizations/" + id + "/status")).get("status").asText());
    assertEquals(403, http.post("/v1/executions/" + id + "/cancel", null, "Fxg-Test-Caller", "partner-b/x").statusCode());
    assertEquals(200, http.post("/v1/executions/" + id + "/cancel", null, "Fxg-Test-Caller", CALLER).statusCode());
    assertEquals("revoked", json(http.get("/v1/authorizations/" + id + "/status")).get("status").asText());
    assertProblem(http.post("/v1/executions/" + id + "/reports", report.replace("1,", "2,"), env), 409, null);
    assertEquals(404, http.get("/v1/authorizations/nosuch/status").statusCode());
  }

  @Test
  void search_filtersByDomainAndStatus() {
    String id = json(http.post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Prefer", "wait=5")).get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode results = json(http.get("/v1/executions?status=completed&limit=500", "Fxg-Test-Caller", CALLER));
      for (JsonNode e : results.get("executions")) {
        if (e.get("executionId").asText().equals(id)) {
          return true;
        }
      }
      return false;
    });
    assertProblem(http.get("/v1/executions?status=nope", "Fxg-Test-Caller", CALLER), 400, "status");
    assertProblem(http.get("/v1/executions?limit=0", "Fxg-Test-Caller", CALLER), 400, "limit");
    assertProblem(http.get("/v1/executions?since=yesterday", "Fxg-Test-Caller", CALLER), 400, "since");
    assertProblem(http.get("/v1/executions?domain=partner-b", "Fxg-Test-Caller", CALLER), 403, null);
  }

  @Test
  void metrics_countOutcomesByReasonInPrometheusText() {
    http.post("/v1/executions", BODY.replace("invoice.create", "invoice.delete"), "Fxg-Test-Caller", CALLER, "Prefer", "wait=5");
    HttpResponse<String> metrics = http.get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertTrue(metrics.body().contains("fxg_executions_finished_total{reason=\"policy.no-matching-rule\",status=\"denied\"}"), metrics.body());
    assertTrue(metrics.body().contains("fxg_phase_latency_seconds_bucket"), metrics.body());
    assertTrue(metrics.body().contains("fxg_journal_write_seconds_count"), metrics.body());
  }

  static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("application/problem+json"), response.headers().toString());
    JsonNode problem = json(response);
    assertEquals(status, problem.get("status").asInt());
    if (field != null) {
      assertEquals(field, problem.path("field").asText(), response.body());
    }
  }
}
