package io.fxg.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.environment.TargetEnvironment;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.SignedCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole gateway with nothing stubbed, over real loopback HTTP: RFC 9421-signed requests,
 * federation and policy installed through the admin API, CEL decisions, signed artifacts the
 * target verifies, DSSE attestation, dispatch, signed asynchronous reports and cancel.
 */
class GatewayEndToEndTest {
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk ENVIRONMENT = Jwk.generate("acme/billing-prod");
  static final Jwk OPERATOR = Jwk.generate("acme/ops");
  static final Jwk REVOKED = Jwk.generate("partner-a/agent-8");
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder()
      .federation(Federation.of().domain("acme", "ACME Billing").environment(ENVIRONMENT).principal(OPERATOR, "operator")
          .domain("partner-a", "Partner A").principal(AGENT).principal(REVOKED))
      .policy(DemoFederation.policy(1, false)).build();
  static final SignedCalls calls = gateway.calls();

  static TargetEnvironment target() {
    return gateway.target("acme/billing-prod");
  }

  static JsonNode submit(String action, String resource, String parameters, String... headers) throws Exception {
    String body = DemoTraffic.body(action, resource, parameters, 30);
    var response = calls.signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions", body, headers);
    assertTrue(response.statusCode() == 200 || response.statusCode() == 202, response.body());
    return Json.parse(response.body());
  }

  static JsonNode view(String id) throws Exception {
    return Json.parse(calls.signed(AGENT.signer().orElseThrow(), "GET", "/v1/executions/" + id, null).body());
  }

  static List<String> types(String id) throws Exception {
    JsonNode lineage = Json.parse(calls.signed(AGENT.signer().orElseThrow(), "GET", "/v1/executions/" + id + "/lineage", null).body());
    List<String> types = new ArrayList<>();
    lineage.get("records").forEach(r -> types.add(r.get("type").asText()));
    return types;
  }

  @Test
  void synchronousExecution_completesThroughEveryPhase() throws Exception {
    JsonNode view = submit("invoice.create", "invoices/2026-11", "{\"amount\": 250}", "Prefer", "wait=10");
    assertEquals("completed", view.get("status").asText(), view.toString());
    assertEquals(List.of("intent.received", "governance.synchronized", "authorization.issued", "trust.activated",
        "execution.started", "execution.completed"), types(view.get("executionId").asText()).subList(0, 6));
    assertEquals(1, view.at("/policy/version").asLong());
    assertTrue(view.get("artifact").asText().split("\\.").length == 3);
  }

  @Test
  void asynchronousExecution_reportsProgressThenCompletes() throws Exception {
    String id = submit("report.generate", "reports/2026-11", "{\"seconds\": 1}").get("executionId").asText();
    await().atMost(Duration.ofSeconds(15)).until(() -> view(id).get("status").asText().equals("completed"));
    List<String> types = types(id);
    assertTrue(types.stream().filter("execution.progress"::equals).count() >= 1, types.toString());
    assertTrue(types.contains("execution.completed"), types.toString());
  }

  @Test
  void cancel_reachesTheTarget() throws Exception {
    String id = submit("report.generate", "reports/cancel", "{\"seconds\": 60}").get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> target().execution(id).isPresent());
    var cancel = calls.signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions/" + id + "/cancel", null);
    assertEquals(200, cancel.statusCode(), cancel.body());
    await().atMost(Duration.ofSeconds(5)).until(() -> target().execution(id).map(c -> c.isCancelled()).orElse(true));
    assertEquals("cancelled", view(id).at("/outcome/reason").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> types(id).contains("target.cancel"));
  }

  @Test
  void forgedReports_areRefused401RecordedBoundedAndInterruptNothing() throws Exception {
    String id = submit("report.generate", "reports/forged", "{\"seconds\": 4}").get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> view(id).get("status").asText().equals("running"));
    String path = "/v1/executions/" + id + "/reports";
    for (int i = 0; i < 25; i++) {
      String signedBody = "{\"seq\": " + (900 + i) + ", \"status\": \"completed\", \"actions\": []}";
      var headers = calls.sign(ENVIRONMENT.signer().orElseThrow(), java.time.Clock.systemUTC(), "POST", path, signedBody);
      var forged = calls.send("POST", path, signedBody.replace("completed", "failed"), headers);
      assertEquals(401, forged.statusCode(), forged.body());
    }
    var stranger = calls.signed(Jwk.generate("acme/billing-prod").signer().orElseThrow(), "POST", path,
        "{\"seq\": 999, \"status\": \"failed\", \"actions\": []}");
    assertEquals("urn:fxg:problem:signature.bad-signature", Json.parse(stranger.body()).path("type").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> types(id).contains("report.rejected"));
    assertEquals("running", view(id).get("status").asText());
    await().atMost(Duration.ofSeconds(20)).until(() -> view(id).get("status").asText().equals("completed"));
    assertEquals(1, types(id).stream().filter("report.rejected"::equals).count(), types(id).toString());
    String metrics = calls.send("GET", "/metrics", null, java.util.Map.of()).body();
    assertTrue(metrics.contains("fxg_reports_rejected_total{check=\"digest-mismatch\"} 25.0"), metrics);
    await().atMost(Duration.ofSeconds(20)).until(() -> view(id).get("phase").asInt() == 8);
    String bundle = calls.signed(AGENT.signer().orElseThrow(), "GET", "/v1/executions/" + id + "/proof", null).body();
    var verified = io.fxg.proof.ProofBundleVerifier.usingBundleKeys().verify(bundle);
    assertTrue(verified.ok(), verified.report());
    assertTrue(bundle.contains("report.rejected"));
  }

  @Test
  void report_signedWithRevokedKeyThatVerifies_interruptsWithCryptoInvalid() throws Exception {
    String id = submit("report.generate", "reports/revoked", "{\"seconds\": 60}").get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> view(id).get("status").asText().equals("running"));
    var revoke = calls.signed(gateway.admin(), "POST", "/v1/admin/revocations",
        "{\"kind\":\"key\",\"id\":\"partner-a/agent-8\",\"reason\":\"compromised\"}");
    assertEquals(201, revoke.statusCode(), revoke.body());
    String path = "/v1/executions/" + id + "/reports";
    await().atMost(Duration.ofSeconds(2)).until(() -> Json.parse(calls.signed(REVOKED.signer().orElseThrow(), "POST", path,
        "{\"seq\": 1, \"status\": \"running\", \"actions\": []}").body()).path("type").asText()
        .equals("urn:fxg:problem:signature.revoked-key"));
    await().atMost(Duration.ofSeconds(2)).until(() -> view(id).get("status").asText().equals("interrupted"));
    assertEquals("crypto.invalid", view(id).at("/outcome/reason").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> target().execution(id).map(c -> c.isCancelled()).orElse(true));
  }

  @Test
  void report_signedByVerifiedKeyNotTheEnvironments_interruptsWithCryptoInvalid() throws Exception {
    String id = submit("report.generate", "reports/wrong-key", "{\"seconds\": 60}").get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> view(id).get("status").asText().equals("running"));
    var report = calls.signed(OPERATOR.signer().orElseThrow(), "POST", "/v1/executions/" + id + "/reports",
        "{\"seq\": 1, \"status\": \"completed\", \"actions\": []}");
    assertEquals(403, report.statusCode(), report.body());
    assertEquals("interrupted", view(id).get("status").asText());
    assertEquals("crypto.invalid", view(id).at("/outcome/reason").asText());
  }

  @Test
  void deniedByForbidRule_nothingDispatched() throws Exception {
    JsonNode view = submit("invoice.delete", "invoices/2026-01", "{}", "Prefer", "wait=10");
    assertEquals("denied", view.get("status").asText());
    assertEquals("policy.forbidden", view.at("/outcome/reason").asText());
    assertTrue(target().execution(view.get("executionId").asText()).isEmpty());
  }
}
