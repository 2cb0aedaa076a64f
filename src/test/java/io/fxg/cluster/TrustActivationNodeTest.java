package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.environment.DemoTarget;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.SignedCalls;
import io.fxg.testkit.StubServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 4 on a real node: governance, authorization and dispatch are stubs, trust activation is
 * the node's own. A demo target that verifies the gateway's signed challenge against the node's
 * JWKS is bound; one whose image measurement changed is denied at phase 4 with the reason.
 */
class TrustActivationNodeTest {
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk DOOMED = Jwk.generate("partner-a/agent-8");
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder()
      .services(services -> StubServices.permitting().apply(services).withTrust(services.trust()))
      .federation(Federation.of().domain("acme", "Acme").environment(Jwk.generate("acme/billing-prod"))
          // billing-dev's image measurement differs from the registered reference.
          .environment(Jwk.generate("acme/billing-dev"), 30, target -> target.measurement("image", DemoTarget.TAMPERED_IMAGE))
          .domain("partner-a", "Partner A").principal(AGENT).principal(DOOMED))
      .build();
  static final SignedCalls calls = gateway.calls();
  static final Signer agent = AGENT.signer().orElseThrow();
  static final Signer doomed = DOOMED.signer().orElseThrow();
  static final Signer admin = gateway.admin();

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
