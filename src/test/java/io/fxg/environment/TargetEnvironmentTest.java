package io.fxg.environment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo target over real loopback HTTP, called by a gateway double that signs like the gateway.
 */
class TargetEnvironmentTest {
  static final String ENV = "acme/billing-prod";
  static final Duration DEADLINE = Duration.ofSeconds(10);

  final Signer envKey = Jwk.generate(ENV).signer().orElseThrow();
  GatewayDouble gateway;
  TargetEnvironment target;

  @BeforeEach
  void setUp() throws Exception {
    gateway = new GatewayDouble(ENV, envKey.publicKey());
    target =
        DemoTarget.configure(TargetEnvironment.builder(envKey))
            .port(0)
            .gatewayKeys(gateway::jwks)
            .gateway(gateway.uri())
            .start();
  }

  @AfterEach
  void tearDown() {
    target.close();
    gateway.close();
  }

  HttpResponse<String> post(String path, JsonNode body, Map<String, String> headers)
      throws Exception {
    return gateway.send(gateway.signedPost(target.endpoint(), path, body, headers));
  }

  HttpResponse<String> execute(String executionId, String action, JsonNode parameters)
      throws Exception {
    String artifact =
        gateway.artifact(
            ENV,
            executionId,
            action,
            "reports/q4",
            parameters,
            Instant.now(),
            Duration.ofSeconds(60));
    return post(
        "/fxg/execute",
        dispatch(executionId, action, parameters),
        Map.of("Fxg-Authorization", artifact));
  }

  static ObjectNode dispatch(String executionId, String action, JsonNode parameters) {
    ObjectNode body =
        Json.object()
            .put("executionId", executionId)
            .put("action", action)
            .put("resource", "reports/q4");
    body.set("parameters", parameters);
    return body;
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.parse(response.body());
  }

  static String nonce() {
    return Encoding.b64url(Digests.sha256(Long.toString(System.nanoTime()).getBytes()));
  }

  @Test
  void call_unsigned_isRefused401WithProblem() throws Exception {
    HttpRequest unsigned =
        HttpRequest.newBuilder(target.endpoint().resolve("/fxg/attest"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"nonce\":\"" + nonce() + "\"}"))
            .build();
    HttpResponse<String> response = gateway.send(unsigned);
    assertEquals(401, response.statusCode());
    assertEquals("Signature", response.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("missing-signature", json(response).get("check").asText());
  }

  @Test
  void call_signedByKeyOutsideJwks_isUnknownKey() throws Exception {
    try (GatewayDouble impostor = new GatewayDouble(ENV, envKey.publicKey())) {
      HttpResponse<String> response =
          impostor.send(
              impostor.signedPost(
                  target.endpoint(), "/fxg/attest", Json.object().put("nonce", nonce()), Map.of()));
      assertEquals(401, response.statusCode());
      assertEquals("unknown-key", json(response).get("check").asText());
    }
  }

  @Test
  void call_sentTwice_isReplayed() throws Exception {
    HttpRequest request =
        gateway.signedPost(
            target.endpoint(), "/fxg/attest", Json.object().put("nonce", nonce()), Map.of());
    assertEquals(200, gateway.send(request).statusCode());
    HttpResponse<String> replay = gateway.send(request);
    assertEquals(401, replay.statusCode());
    assertEquals("replayed", json(replay).get("check").asText());
  }

  @Test
  void attest_returnsEnvelopeThatVerifiesUntilAMeasurementChanges() throws Exception {
    String nonce = nonce();
    var expectation =
        new AttestationVerifier.Expectation(
            ENV,
            envKey.publicKey(),
            nonce,
            DemoTarget.referenceMeasurements(),
            Duration.ofSeconds(30));
    AttestationVerifier verifier = new AttestationVerifier(Clock.systemUTC());
    HttpResponse<String> response =
        post("/fxg/attest", Json.object().put("nonce", nonce), Map.of());
    assertEquals(200, response.statusCode());
    assertInstanceOf(
        AttestationVerifier.Verified.class, verifier.verify(response.body(), expectation));

    target.measurements().put("image", DemoTarget.TAMPERED_IMAGE);
    HttpResponse<String> changed = post("/fxg/attest", Json.object().put("nonce", nonce), Map.of());
    var failed =
        assertInstanceOf(
            AttestationVerifier.Failed.class, verifier.verify(changed.body(), expectation));
    assertEquals("measurement-mismatch:image", failed.check());
  }

  @Test
  void attest_badNonceOrUnknownField_isBadRequest() throws Exception {
    assertEquals(
        400, post("/fxg/attest", Json.object().put("nonce", "short"), Map.of()).statusCode());
    HttpResponse<String> extra =
        post("/fxg/attest", Json.object().put("nonce", nonce()).put("x", 1), Map.of());
    assertEquals(400, extra.statusCode());
    assertEquals("x: unknown field", json(extra).get("detail").asText());
  }

  @Test
  void execute_invoiceCreate_completesSynchronously() throws Exception {
    HttpResponse<String> response =
        execute("exec-sync-1", "invoice.create", Json.object().put("amount", 250));
    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertEquals("completed", body.get("status").asText());
    assertEquals(250, body.at("/result/invoice/amount").asInt());
    assertTrue(target.execution("exec-sync-1").isEmpty());
  }

  @Test
  void execute_invoiceFail_answers500Failed() throws Exception {
    HttpResponse<String> response = execute("exec-fail-1", "invoice.fail", Json.object());
    assertEquals(500, response.statusCode());
    assertEquals("failed", json(response).get("status").asText());
  }

  @Test
  void execute_withoutOrWithForeignArtifact_isRefused() throws Exception {
    ObjectNode body = dispatch("exec-a-1", "invoice.create", Json.object());
    HttpResponse<String> missing = post("/fxg/execute", body, Map.of());
    assertEquals(401, missing.statusCode());
    assertEquals("missing-artifact", json(missing).get("check").asText());

    String otherAudience =
        gateway.artifact(
            "acme/other",
            "exec-a-1",
            "invoice.create",
            "reports/q4",
            Json.object(),
            Instant.now(),
            Duration.ofSeconds(60));
    HttpResponse<String> forbidden =
        post("/fxg/execute", body, Map.of("Fxg-Authorization", otherAudience));
    assertEquals(403, forbidden.statusCode());
    assertEquals("audience", json(forbidden).get("check").asText());

    String otherAction =
        gateway.artifact(
            ENV,
            "exec-a-1",
            "invoice.fail",
            "reports/q4",
            Json.object(),
            Instant.now(),
            Duration.ofSeconds(60));
    HttpResponse<String> scope =
        post("/fxg/execute", body, Map.of("Fxg-Authorization", otherAction));
    assertEquals(403, scope.statusCode());
    assertEquals("scope:action", json(scope).get("check").asText());

    String expired =
        gateway.artifact(
            ENV,
            "exec-a-1",
            "invoice.create",
            "reports/q4",
            Json.object(),
            Instant.now().minusSeconds(120),
            Duration.ofSeconds(60));
    HttpResponse<String> late = post("/fxg/execute", body, Map.of("Fxg-Authorization", expired));
    assertEquals(401, late.statusCode());
    assertEquals("expired", json(late).get("check").asText());
  }

  @Test
  void execute_unknownAction_is404() throws Exception {
    HttpResponse<String> response = execute("exec-u-1", "payroll.run", Json.object());
    assertEquals(404, response.statusCode());
    assertEquals("unknown-action", json(response).get("check").asText());
  }

  @Test
  void execute_reportGenerate_acceptsThenReportsSignedProgressAndCompletion() throws Exception {
    HttpResponse<String> response =
        execute("exec-async-1", "report.generate", Json.object().put("seconds", 0));
    assertEquals(202, response.statusCode());
    assertEquals("accepted", json(response).get("status").asText());
    await().atMost(DEADLINE).until(() -> gateway.reports.size() == DemoTarget.PROGRESS_STEPS + 1);
    List<JsonNode> reports = List.copyOf(gateway.reports);
    for (int i = 0; i < reports.size(); i++) {
      assertEquals(i + 1, reports.get(i).get("seq").asInt());
      assertEquals("/v1/executions/exec-async-1/reports", reports.get(i).get("_path").asText());
      assertEquals("report.generate", reports.get(i).at("/actions/0/action").asText());
    }
    assertEquals("running", reports.get(0).get("status").asText());
    JsonNode last = reports.get(reports.size() - 1);
    assertEquals("completed", last.get("status").asText());
    assertEquals(12, last.at("/result/report/pages").asInt());
    assertTrue(gateway.refusedReports.isEmpty());
    await().atMost(DEADLINE).until(() -> target.execution("exec-async-1").isEmpty());
  }

  @Test
  void execute_rogueReport_reportsAnActionOutsideItsScope() throws Exception {
    execute("exec-rogue-1", "report.generate", Json.object().put("seconds", 0).put("rogue", true));
    await().atMost(DEADLINE).until(() -> !gateway.reports.isEmpty());
    JsonNode first = gateway.reports.peek();
    assertEquals("secrets.read", first.at("/actions/1/action").asText());
  }

  @Test
  void cancel_runningReport_flipsTheContextAndStopsReporting() throws Exception {
    assertEquals(
        202,
        execute("exec-long-1", "report.generate", Json.object().put("seconds", 60)).statusCode());
    ExecutionContext context = target.execution("exec-long-1").orElseThrow();
    HttpResponse<String> duplicate =
        execute("exec-long-1", "report.generate", Json.object().put("seconds", 60));
    assertEquals(409, duplicate.statusCode());

    HttpResponse<String> cancelled =
        post(
            "/fxg/cancel",
            Json.object().put("executionId", "exec-long-1").put("reason", "trust.attestation"),
            Map.of());
    assertEquals(200, cancelled.statusCode());
    assertTrue(context.isCancelled());
    assertEquals("trust.attestation", context.cancelReason().orElseThrow());
    await().atMost(DEADLINE).until(() -> target.execution("exec-long-1").isEmpty());
    assertTrue(
        gateway.reports.stream().noneMatch(r -> r.get("status").asText().equals("completed")));
  }

  @Test
  void cancel_unknownExecution_is404() throws Exception {
    HttpResponse<String> response =
        post("/fxg/cancel", Json.object().put("executionId", "nope"), Map.of());
    assertEquals(404, response.statusCode());
    assertEquals("unknown-execution", json(response).get("check").asText());
  }

  @Test
  void call_unknownPathWrongMethodOrHugeBody_isRefusedBeforeAnything() throws Exception {
    assertEquals(404, post("/fxg/other", Json.object(), Map.of()).statusCode());
    HttpResponse<String> get =
        gateway.send(
            HttpRequest.newBuilder(target.endpoint().resolve("/fxg/attest")).GET().build());
    assertEquals(405, get.statusCode());
    ObjectNode huge = Json.object().put("nonce", "x".repeat(TargetEnvironment.MAX_BODY_BYTES));
    assertEquals(413, post("/fxg/attest", huge, Map.of()).statusCode());
  }
}
