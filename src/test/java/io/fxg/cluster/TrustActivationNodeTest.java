package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.JwksKeys;
import io.fxg.environment.TargetEnvironment;
import io.fxg.testkit.Federation;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.SignedCalls;
import io.fxg.testkit.StubServices;
import io.fxg.testkit.TestNodes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Phase 4 on a real node: governance, authorization and dispatch are stubs, trust activation is
 * the node's own. A demo target that verifies the gateway's signed challenge against the node's
 * JWKS is bound; one whose image measurement changed is denied at phase 4 with the reason.
 */
class TrustActivationNodeTest {
  static GatewayNode node;
  static SignedCalls calls;
  static Signer agent;
  static Signer doomed;
  static Signer admin;
  static TargetEnvironment honest;
  static TargetEnvironment tampered;

  @BeforeAll
  static void start() throws Exception {
    Path keys = Files.createTempDirectory("fxg-keys");
    node = GatewayNode.start(TestNodes.config("fxg.keys.dir = \"" + keys + "\""),
        services -> StubServices.permitting().apply(services).withTrust(services.trust()));
    HttpCalls http = new HttpCalls(node.httpPort());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
    calls = new SignedCalls(node.httpPort());
    JwksKeys gatewayKeys = JwksKeys.parse(http.get("/.well-known/jwks.json").body());
    Jwk honestKey = Jwk.generate("acme/billing-prod");
    Jwk tamperedKey = Jwk.generate("acme/billing-dev");
    honest = target(honestKey, gatewayKeys);
    tampered = target(tamperedKey, gatewayKeys);
    tampered.measurements().put("image", DemoTarget.TAMPERED_IMAGE);

    Jwk agentKey = Jwk.generate("partner-a/agent-7");
    Jwk doomedKey = Jwk.generate("partner-a/agent-8");
    agent = agentKey.signer().orElseThrow();
    doomed = doomedKey.signer().orElseThrow();
    admin = Federation.admin(keys);
    var acme = Federation.document("Acme");
    Federation.withEnvironment(acme, "billing-prod", honest.endpoint().toString(), honestKey, DemoTarget.referenceMeasurements(), 30);
    Federation.withEnvironment(acme, "billing-dev", tampered.endpoint().toString(), tamperedKey, DemoTarget.referenceMeasurements(), 30);
    assertEquals(201, calls.signed(admin, "PUT", "/v1/admin/domains/acme", Json.write(acme)).statusCode());
    var partner = Federation.withPrincipal(Federation.document("Partner A"), "agent-7", agentKey, "invoker");
    Federation.withPrincipal(partner, "agent-8", doomedKey, "invoker");
    assertEquals(201, calls.signed(admin, "PUT", "/v1/admin/domains/partner-a", Json.write(partner)).statusCode());
  }

  static TargetEnvironment target(Jwk key, JwksKeys gatewayKeys) throws Exception {
    return DemoTarget.configure(TargetEnvironment.builder(key.signer().orElseThrow())
        .gatewayKeys(() -> gatewayKeys).reportSink((id, report) -> { })).start();
  }

  @AfterAll
  static void stop() {
    node.close();
    honest.close();
    tampered.close();
  }

  static JsonNode submit(String environment) throws Exception {
    String body = "{\"target\":{\"domain\":\"acme\",\"environment\":\"" + environment + "\"},"
        + "\"action\":\"invoice.create\",\"resource\":\"invoices/1\",\"parameters\":{\"amount\":5}}";
    HttpResponse<String> response = calls.signed(agent, "POST", "/v1/executions", body, "Prefer", "wait=10");
    assertEquals(200, response.statusCode(), response.body());
    return Json.parse(response.body());
  }

  static JsonNode record(String executionId, String type) throws Exception {
    JsonNode lineage = Json.parse(calls.signed(agent, "GET", "/v1/executions/" + executionId + "/lineage", null).body());
    for (JsonNode record : lineage.get("records")) {
      if (record.get("type").asText().equals(type)) {
        return record;
      }
    }
    throw new AssertionError("no " + type + " in " + lineage);
  }

  @Test
  void submit_attestedEnvironment_activatesTrustWithEvidence() throws Exception {
    JsonNode view = submit("billing-prod");
    assertEquals("completed", view.get("status").asText(), view.toString());
    JsonNode activated = record(view.get("executionId").asText(), "trust.activated");
    assertTrue(activated.toString().contains("sha256:"), activated.toString());
  }

  @Test
  void submit_changedMeasurement_isDeniedAtPhase4() throws Exception {
    JsonNode view = submit("billing-dev");
    assertEquals("denied", view.get("status").asText(), view.toString());
    assertEquals(4, view.get("phase").asInt());
    assertEquals("trust.attestation", view.at("/outcome/reason").asText());
    assertTrue(view.at("/outcome/detail").asText().contains("measurement-mismatch:image"), view.toString());
  }

  @Test
  void submit_unregisteredEnvironment_isDeniedTrustRevoked() throws Exception {
    JsonNode view = submit("billing-gone");
    assertEquals("denied", view.get("status").asText(), view.toString());
    assertEquals("trust.revoked", view.at("/outcome/reason").asText());
  }

  @Test
  void revokeCallerKey_runningExecution_isInterruptedTrustRevoked() throws Exception {
    String body = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
        + "\"action\":\"report.generate\",\"resource\":\"reports/1\",\"parameters\":{}}";
    HttpResponse<String> submitted = calls.signed(doomed, "POST", "/v1/executions", body);
    assertEquals(202, submitted.statusCode(), submitted.body());
    String id = Json.parse(submitted.body()).get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> view(id).get("status").asText().equals("running"));
    long start = System.nanoTime();
    assertEquals(201, calls.signed(admin, "POST", "/v1/admin/revocations",
        "{\"kind\":\"key\",\"id\":\"partner-a/agent-8\",\"reason\":\"compromised\"}").statusCode());
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> view(id).get("status").asText().equals("interrupted"));
    System.out.printf("revocation interrupted the running execution after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    assertEquals("trust.revoked", view(id).at("/outcome/reason").asText());
  }

  static JsonNode view(String id) throws Exception {
    return Json.parse(calls.signed(admin, "GET", "/v1/executions/" + id, null).body());
  }
}
