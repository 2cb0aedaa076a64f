package io.fxg.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.cluster.GatewayNode;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.JwksKeys;
import io.fxg.environment.TargetEnvironment;
import io.fxg.testkit.Federation;
import io.fxg.testkit.SignedCalls;
import io.fxg.testkit.TestNodes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole gateway with nothing stubbed, over real loopback HTTP: RFC 9421-signed requests,
 * federation and policy installed through the admin API, CEL decisions, signed artifacts the
 * target verifies, DSSE attestation, dispatch, signed asynchronous reports and cancel.
 */
class GatewayEndToEndTest {
  static GatewayNode node;
  static TargetEnvironment target;
  static SignedCalls calls;
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk ENVIRONMENT = Jwk.generate("acme/billing-prod");
  static final Jwk OPERATOR = Jwk.generate("acme/ops");

  @BeforeAll
  static void start() throws Exception {
    Path keys = Path.of(System.getProperty("java.io.tmpdir"), "fxg-e2e-keys-" + UUID.randomUUID());
    node = GatewayNode.start(TestNodes.config("fxg.keys.dir = \"" + keys + "\""), services -> services);
    calls = new SignedCalls(node.httpPort());
    URI gateway = URI.create("http://127.0.0.1:" + node.httpPort() + "/");
    target = DemoTarget.configure(TargetEnvironment.builder(ENVIRONMENT.signer().orElseThrow())
            .host("127.0.0.1").port(0).gateway(gateway)
            .gatewayKeys(GatewayEndToEndTest::gatewayKeys))
        .start();
    var admin = Federation.admin(keys);
    put(admin, "/v1/admin/domains/acme", DemoFederation.targetDomain(ENVIRONMENT, target.endpoint().toString(),
        DemoTarget.referenceMeasurements(), OPERATOR).toString());
    put(admin, "/v1/admin/domains/partner-a", DemoFederation.partnerDomain("Partner A", "agent-7", AGENT).toString());
    put(admin, "/v1/admin/policy", DemoFederation.policy(1, false));
    await().atMost(Duration.ofSeconds(20)).until(() -> calls.send("GET", "/health/ready", null, java.util.Map.of()).statusCode() == 200);
  }

  static JwksKeys gatewayKeys() {
    try {
      return JwksKeys.parse(node.keysJwks());
    } catch (io.fxg.crypto.CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  static void put(io.fxg.crypto.Signer admin, String path, String body) {
    var response = calls.signed(admin, "PUT", path, body);
    assertTrue(response.statusCode() < 300, path + ": " + response.statusCode() + " " + response.body());
  }

  @AfterAll
  static void stop() {
    target.close();
    node.close();
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
    await().atMost(Duration.ofSeconds(10)).until(() -> target.execution(id).isPresent());
    var cancel = calls.signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions/" + id + "/cancel", null);
    assertEquals(200, cancel.statusCode(), cancel.body());
    await().atMost(Duration.ofSeconds(5)).until(() -> target.execution(id).map(c -> c.isCancelled()).orElse(true));
    assertEquals("cancelled", view(id).at("/outcome/reason").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> types(id).contains("target.cancel"));
  }

  @Test
  void reportWithInvalidSignature_interruptsWithCryptoInvalid() throws Exception {
    String id = submit("report.generate", "reports/forged", "{\"seconds\": 60}").get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> view(id).get("status").asText().equals("running"));
    String path = "/v1/executions/" + id + "/reports";
    String signedBody = "{\"seq\": 90, \"status\": \"running\", \"actions\": []}";
    var headers = calls.sign(ENVIRONMENT.signer().orElseThrow(), java.time.Clock.systemUTC(), "POST", path, signedBody);
    var forged = calls.send("POST", path, signedBody.replace("90", "91"), headers);
    assertEquals(401, forged.statusCode(), forged.body());
    await().atMost(Duration.ofSeconds(2)).until(() -> view(id).get("status").asText().equals("interrupted"));
    assertEquals("crypto.invalid", view(id).at("/outcome/reason").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> target.execution(id).map(c -> c.isCancelled()).orElse(true));
  }

  @Test
  void deniedByForbidRule_nothingDispatched() throws Exception {
    JsonNode view = submit("invoice.delete", "invoices/2026-01", "{}", "Prefer", "wait=10");
    assertEquals("denied", view.get("status").asText());
    assertEquals("policy.forbidden", view.at("/outcome/reason").asText());
    assertTrue(target.execution(view.get("executionId").asText()).isEmpty());
  }
}
