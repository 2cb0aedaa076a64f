package io.fxg.http;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static io.fxg.testkit.HttpCalls.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.testkit.GatewayFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every route of the executions API, including each 4xx path, against a real node on loopback. */
class ExecutionRoutesTest {
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().stubbed().config("fxg.http.max-body = 4 KiB").build();
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250}}";

  @Test
  void submit_returns202WithLocation_thenViewCompletes() {
    HttpResponse<String> response = gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER);
    assertEquals(202, response.statusCode(), response.body());
    String id = json(response).get("executionId").asText();
    assertEquals("/v1/executions/" + id, response.headers().firstValue("Location").orElseThrow());
    assertEquals("/v1/executions/" + id + "/lineage", json(response).at("/links/lineage").asText());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        json(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER)).get("status").asText().equals("completed"));
    JsonNode view = json(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER));
    assertEquals("RUNTIME_VERIFICATION", view.get("phaseName").asText());
    assertEquals("partner-a", view.at("/caller/domain").asText());
    JsonNode lineage = json(gateway.http().get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", "acme/ops"));
    assertEquals(6, lineage.get("records").size());
    assertEquals(view.get("lineageHead").asText(), lineage.get("records").get(5).get("hash").asText());
  }

  @Test
  void submit_preferWait_answers200WithTerminalView() {
    HttpResponse<String> response = gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Prefer", "wait=5");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("completed", json(response).get("status").asText());
  }

  @Test
  void submit_denied_viewExplainsReason() {
    HttpResponse<String> response = gateway.http().post("/v1/executions", BODY.replace("invoice.create", "invoice.delete"),
        "Fxg-Test-Caller", CALLER, "Prefer", "wait=5");
    assertEquals(200, response.statusCode());
    JsonNode view = json(response);
    assertEquals("denied", view.get("status").asText());
    assertEquals("policy.no-matching-rule", view.at("/outcome/reason").asText());
    assertEquals(2, view.get("phase").asInt());
  }

  @Test
  void submit_sameIdempotencyKey_returnsSameExecution() {
    String first = json(gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Idempotency-Key", "k-1")).get("executionId").asText();
    String second = json(gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Idempotency-Key", "k-1")).get("executionId").asText();
    String other = json(gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", "partner-a/agent-8", "Idempotency-Key", "k-1")).get("executionId").asText();
    assertEquals(first, second);
    assertNotEquals(first, other);
  }

  @Test
  void submit_badInputs_are400NamingTheField() {
    assertProblem(gateway.http().post("/v1/executions", "{not json", "Fxg-Test-Caller", CALLER), 400, "body");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace("\"action\"", "\"extra\":1,\"action\""), "Fxg-Test-Caller", CALLER), 400, "extra");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace("\"acme\"", "\"ACME!\""), "Fxg-Test-Caller", CALLER), 400, "target.domain");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace("\"billing-prod\"", "\"-bad\""), "Fxg-Test-Caller", CALLER), 400, "target.environment");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace("\"invoice.create\"", "42"), "Fxg-Test-Caller", CALLER), 400, "action");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace("{\"amount\":250}", "[1]"), "Fxg-Test-Caller", CALLER), 400, "parameters");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace("}}", "},\"maxDurationSeconds\":0}").replace("250}", "250}"), "Fxg-Test-Caller", CALLER), 400, "maxDurationSeconds");
    assertProblem(gateway.http().post("/v1/executions", BODY.replace(",\"resource\":\"invoices/2026-11\"", ""), "Fxg-Test-Caller", CALLER), 400, "resource");
    assertProblem(gateway.http().post("/v1/executions", "", "Fxg-Test-Caller", CALLER), 400, "body");
  }

  /** Found by the HTTP fuzzer: the intent could not be journaled (CBOR) and the submission answered 503. */
  @Test
  void submit_loneSurrogateInResource_is400NamingItAndCreatesNothing() {
    HttpResponse<String> response = gateway.http().post("/v1/executions", BODY.replace("invoices/2026-11", "\\uDEC0\\uB2D1"),
        "Fxg-Test-Caller", CALLER);
    assertProblem(response, 400, "resource");
  }

  @Test
  void submit_hugeBody_is413() {
    String huge = BODY.replace("250}", "250,\"pad\":\"" + "x".repeat(8000) + "\"}");
    HttpResponse<String> response = gateway.http().post("/v1/executions", huge, "Fxg-Test-Caller", CALLER);
    assertEquals(413, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
  }

  @Test
  void unsigned_isRefused401WithWwwAuthenticate() {
    HttpResponse<String> response = gateway.http().post("/v1/executions", BODY);
    assertEquals(401, response.statusCode());
    assertEquals("Signature", response.headers().firstValue("WWW-Authenticate").orElse(""));
  }

  @Test
  void unknownExecution_is404_andOtherDomainsAre403() {
    assertEquals(404, gateway.http().get("/v1/executions/01nosuchexecution", "Fxg-Test-Caller", CALLER).statusCode());
    assertEquals(404, gateway.http().get("/v1/executions/bad%20id", "Fxg-Test-Caller", CALLER).statusCode());
    String id = json(gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER)).get("executionId").asText();
    assertEquals(403, gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", "partner-b/agent-1").statusCode());
    assertEquals(200, gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").statusCode());
    assertEquals(404, gateway.http().get("/v1/nothing-here", "Fxg-Test-Caller", CALLER).statusCode());
  }

  @Test
  void asyncExecution_reportsThenCancel_andAuthorizationStatus() {
    String body = BODY.replace("invoice.create", "report.generate");
    String id = json(gateway.http().post("/v1/executions", body, "Fxg-Test-Caller", CALLER)).get("executionId").asText();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        json(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER)).get("status").asText().equals("running"));
    String report = "{\"seq\":1,\"status\":\"running\",\"actions\":[{\"action\":\"report.generate\",\"resource\":\"invoices/2026-11\"}]}";
    String[] env = {"Fxg-Test-Caller", "acme/billing-prod", "Fxg-Test-Kind", "environment"};
    assertEquals(200, gateway.http().post("/v1/executions/" + id + "/reports", report, env).statusCode());
    assertProblem(gateway.http().post("/v1/executions/" + id + "/reports", report, env), 409, null);
    assertProblem(gateway.http().post("/v1/executions/" + id + "/reports", report.replace("\"running\"", "\"bogus\"").replace("1,", "2,"), env), 400, "status");
    assertEquals("active", json(gateway.http().get("/v1/authorizations/" + id + "/status")).get("status").asText());
    assertEquals(403, gateway.http().post("/v1/executions/" + id + "/cancel", null, "Fxg-Test-Caller", "partner-b/x").statusCode());
    assertEquals(200, gateway.http().post("/v1/executions/" + id + "/cancel", null, "Fxg-Test-Caller", CALLER).statusCode());
    assertEquals("revoked", json(gateway.http().get("/v1/authorizations/" + id + "/status")).get("status").asText());
    assertProblem(gateway.http().post("/v1/executions/" + id + "/reports", report.replace("1,", "2,"), env), 409, null);
    assertEquals(404, gateway.http().get("/v1/authorizations/nosuch/status").statusCode());
  }

  String runningAsync() {
    String id = json(gateway.http().post("/v1/executions", BODY.replace("invoice.create", "report.generate"), "Fxg-Test-Caller", CALLER))
        .get("executionId").asText();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        json(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER)).get("status").asText().equals("running"));
    return id;
  }

  @Test
  void report_signedByKeyNotTheTargets_is403AndInterruptsCryptoInvalid() {
    String id = runningAsync();
    String report = "{\"seq\":1,\"status\":\"running\",\"actions\":[]}";
    assertProblem(gateway.http().post("/v1/executions/" + id + "/reports", report, "Fxg-Test-Caller", CALLER), 403, null);
    JsonNode view = json(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER));
    assertEquals("interrupted", view.get("status").asText());
    assertEquals("crypto.invalid", view.at("/outcome/reason").asText());
  }

  @Test
  void report_unsigned_is401RecordedAsRejectedAndInterruptsNothing() {
    String id = runningAsync();
    String report = "{\"seq\":1,\"status\":\"completed\",\"actions\":[]}";
    assertProblem(gateway.http().post("/v1/executions/" + id + "/reports", report), 401, null);
    await().atMost(Duration.ofSeconds(5)).until(() -> json(gateway.http().get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", CALLER))
        .get("records").findValuesAsText("type").contains("report.rejected"));
    assertEquals("running", json(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER)).get("status").asText());
    assertTrue(gateway.http().get("/metrics").body().contains("fxg_reports_rejected_total{check=\"missing-signature\"}"));
  }

  @Test
  void search_filtersByDomainAndStatus() {
    String id = json(gateway.http().post("/v1/executions", BODY, "Fxg-Test-Caller", CALLER, "Prefer", "wait=5")).get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode results = json(gateway.http().get("/v1/executions?status=completed&limit=500", "Fxg-Test-Caller", CALLER));
      for (JsonNode e : results.get("executions")) {
        if (e.get("executionId").asText().equals(id)) {
          return true;
        }
      }
      return false;
    });
    assertProblem(gateway.http().get("/v1/executions?status=nope", "Fxg-Test-Caller", CALLER), 400, "status");
    assertProblem(gateway.http().get("/v1/executions?limit=0", "Fxg-Test-Caller", CALLER), 400, "limit");
    assertProblem(gateway.http().get("/v1/executions?since=yesterday", "Fxg-Test-Caller", CALLER), 400, "since");
    assertProblem(gateway.http().get("/v1/executions?domain=partner-b", "Fxg-Test-Caller", CALLER), 403, null);
  }

  @Test
  void metrics_countOutcomesByReasonInPrometheusText() {
    gateway.http().post("/v1/executions", BODY.replace("invoice.create", "invoice.delete"), "Fxg-Test-Caller", CALLER, "Prefer", "wait=5");
    HttpResponse<String> metrics = gateway.http().get("/metrics");
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
