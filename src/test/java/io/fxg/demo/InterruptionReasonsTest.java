package io.fxg.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.TargetEnvironment;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.SignedCalls;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per runtime interruption reason (SPEC section 8), on a real node with real targets and
 * nothing stubbed. Each asserts the {@code execution.interrupted} record and its reason, the
 * cancel reaching the target, the artifact status {@code revoked}, and that later reports are
 * refused; each prints the time from its trigger to the interrupted record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InterruptionReasonsTest {
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk DOOMED = Jwk.generate("partner-a/doomed");
  static final Jwk PROD_KEY = Jwk.generate("acme/billing-prod");
  static final Jwk FAST_KEY = Jwk.generate("acme/billing-fast");
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder()
      // billing-fast is re-attested every second, so a changed measurement is seen within the monitor's tick.
      .federation(Federation.of().domain("acme", "ACME").environment(PROD_KEY).environment(FAST_KEY, 1)
          .domain("partner-a", "Partner A").principal(AGENT).principal(DOOMED))
      .policy(DemoFederation.policy(1, false)).build();
  static final SignedCalls calls = gateway.calls();
  static final Signer admin = gateway.admin();

  /** The demo target of acme's {@code environment}. */
  static TargetEnvironment target(String environment) {
    return gateway.target("acme/" + environment);
  }

  static void put(String path, String body) {
    var response = calls.signed(admin, "PUT", path, body);
    assertTrue(response.statusCode() < 300, path + ": " + response.statusCode() + " " + response.body());
  }

  /** Starts a long report on {@code environment}; returns its id once the target runs it. */
  static String running(Jwk caller, String environment, String resource, String parameters, int maxDuration) throws Exception {
    String body = "{\"target\":{\"domain\":\"acme\",\"environment\":\"" + environment + "\"},\"action\":\"report.generate\","
        + "\"resource\":\"" + resource + "\",\"parameters\":" + parameters + ",\"maxDurationSeconds\":" + maxDuration + "}";
    var response = calls.signed(caller.signer().orElseThrow(), "POST", "/v1/executions", body);
    assertEquals(202, response.statusCode(), response.body());
    String id = Json.parse(response.body()).get("executionId").asText();
    TargetEnvironment target = target(environment);
    await().atMost(Duration.ofSeconds(10)).until(() -> target.execution(id).isPresent());
    return id;
  }

  static JsonNode view(String id) throws Exception {
    return Json.parse(calls.signed(admin, "GET", "/v1/executions/" + id, null).body());
  }

  /** The four things every interruption must do; returns ms from trigger to the interrupted record. */
  static long assertInterrupted(String id, String reason, TargetEnvironment target, Jwk targetKey, Instant trigger) throws Exception {
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> view(id).get("status").asText().equals("interrupted"));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("not interrupted: " + view(id), e);
    }
    JsonNode records = Json.parse(calls.signed(admin, "GET", "/v1/executions/" + id + "/lineage", null).body()).get("records");
    JsonNode interrupted = null;
    for (JsonNode record : records) {
      if (record.get("type").asText().equals("execution.interrupted")) {
        interrupted = record;
      }
    }
    assertEquals(reason, interrupted.at("/data/reason").asText(), interrupted.toString());
    assertEquals(7, interrupted.get("phase").asInt());
    // The cancel reached the target: its outcome is recorded, and the target no longer runs it.
    await().atMost(Duration.ofSeconds(5)).until(() -> cancelOutcome(id).startsWith("delivered: upstream 200"));
    assertTrue(target.execution(id).map(c -> c.isCancelled()).orElse(true));
    assertEquals("revoked", Json.parse(calls.send("GET", "/v1/authorizations/" + id + "/status", null, java.util.Map.of()).body())
        .get("status").asText());
    var late = calls.signed(targetKey.signer().orElseThrow(), "POST", "/v1/executions/" + id + "/reports",
        "{\"seq\": 1000, \"status\": \"running\", \"actions\": []}");
    assertEquals(409, late.statusCode(), late.body());
    long millis = Instant.parse(interrupted.get("at").asText()).toEpochMilli() - trigger.toEpochMilli();
    System.out.printf("%s: trigger to execution.interrupted %d ms%n", reason, millis);
    return millis;
  }

  static String cancelOutcome(String id) throws Exception {
    JsonNode records = Json.parse(calls.signed(admin, "GET", "/v1/executions/" + id + "/lineage", null).body()).get("records");
    for (JsonNode record : records) {
      if (record.get("type").asText().equals("target.cancel")) {
        return record.at("/data/outcome").asText();
      }
    }
    return "";
  }

  @Test
  @Order(1)
  void changedMeasurement_isTrustAttestation() throws Exception {
    // Measured from the change on the target: the verdict comes at the monitor's next 1 s tick.
    String id = running(AGENT, "billing-fast", "reports/attest", "{\"seconds\": 60}", 60);
    Instant trigger = Instant.now();
    target("billing-fast").measurements().put("image", DemoTarget.TAMPERED_IMAGE);
    try {
      assertInterrupted(id, "trust.attestation", target("billing-fast"), FAST_KEY, trigger);
      assertTrue(view(id).at("/outcome/detail").asText().contains("measurement-mismatch:image"), view(id).toString());
    } finally {
      target("billing-fast").measurements().put("image", DemoTarget.IMAGE);
    }
  }

  @Test
  @Order(2)
  void revokedKey_isTrustRevoked() throws Exception {
    String id = running(DOOMED, "billing-prod", "reports/revoke", "{\"seconds\": 60}", 60);
    Instant trigger = Instant.now();
    var revocation = calls.signed(admin, "POST", "/v1/admin/revocations",
        "{\"kind\":\"key\",\"id\":\"partner-a/doomed\",\"reason\":\"compromised\"}");
    assertTrue(revocation.statusCode() < 300, revocation.body());
    assertTrue(assertInterrupted(id, "trust.revoked", target("billing-prod"), PROD_KEY, trigger) < 1000, "under 1 s on one node");
  }

  @Test
  @Order(3)
  void outOfScopeReport_isScopeViolation() throws Exception {
    // Measured from the submission: the demo target sends its rogue report about a second later.
    Instant trigger = Instant.now();
    String id = running(AGENT, "billing-prod", "reports/rogue", "{\"seconds\": 4, \"rogue\": true}", 60);
    assertInterrupted(id, "scope.violation", target("billing-prod"), PROD_KEY, trigger);
  }

  @Test
  @Order(4)
  void passedDeadline_isDeadlineExceeded() throws Exception {
    String id = running(AGENT, "billing-prod", "reports/slow", "{\"seconds\": 60}", 2);
    long exp = io.fxg.crypto.Jws.unverifiedPayload(view(id).get("artifact").asText()).get("exp").asLong();
    assertInterrupted(id, "deadline.exceeded", target("billing-prod"), PROD_KEY, Instant.ofEpochSecond(exp));
  }

  @Test
  @Order(5)
  void callerCancel_isCancelled() throws Exception {
    String id = running(AGENT, "billing-prod", "reports/cancel", "{\"seconds\": 60}", 60);
    Instant trigger = Instant.now();
    assertEquals(200, calls.signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions/" + id + "/cancel", null).statusCode());
    assertInterrupted(id, "cancelled", target("billing-prod"), PROD_KEY, trigger);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void stricterPolicy_isGovernancePolicyChanged() throws Exception {
    String id = running(AGENT, "billing-prod", "reports/policy", "{\"seconds\": 60}", 60);
    Instant trigger = Instant.now();
    put("/v1/admin/policy", DemoFederation.policy(2, true));
    assertTrue(assertInterrupted(id, "governance.policy-changed", target("billing-prod"), PROD_KEY, trigger) < 1000, "under 1 s on one node");
  }
}
