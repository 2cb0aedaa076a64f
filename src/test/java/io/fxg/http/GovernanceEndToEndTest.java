package io.fxg.http;

import static io.fxg.testkit.HttpCalls.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.StubServices;
import io.fxg.testkit.TestPolicies;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Executions through HTTP with the real governance and artifact issuer (trust and dispatch are
 * the test stubs): permits with a verifiable artifact, explained denials, delegation chains.
 */
class GovernanceEndToEndTest {
  /** Each test calls as its own principal: one test's denials must not raise another's risk. */
  static final String[] AGENT = {"Fxg-Test-Caller", "partner-a/agent-7"};
  static final String[] PERMITTED = {"Fxg-Test-Caller", "partner-a/agent-permitted"};
  static final String[] DENIED = {"Fxg-Test-Caller", "partner-a/agent-denied"};
  static final String[] DELEGATOR = {"Fxg-Test-Caller", "partner-a/agent-delegator"};
  static final String[] BILLING_ENV = {"Fxg-Test-Caller", "acme/billing-prod",
      "Fxg-Test-Kind", "environment"};
  static final String[] PAYMENTS_ENV = {"Fxg-Test-Caller", "acme/payments-prod",
      "Fxg-Test-Kind", "environment"};
  static final AtomicLong VERSION = new AtomicLong(1);
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().unsigned().services(services -> StubServices.permitting()
      .apply(services).withGovernance(services.governance()).withAuthorization(services.authorization()))
      .policy(TestPolicies.bundle(1)).build();
  static final HttpCalls http = gateway.http();

  static String body(String environment, String action, String resource, int amount,
      String parent, Integer maxDuration) {
    var body = Json.object();
    body.putObject("target").put("domain", "acme").put("environment", environment);
    body.put("action", action).put("resource", resource);
    body.putObject("parameters").put("amount", amount);
    if (parent != null) {
      body.put("parent", parent);
    }
    if (maxDuration != null) {
      body.put("maxDurationSeconds", maxDuration);
    }
    return body.toString();
  }

  static JsonNode submitAndWait(String body, String... caller) {
    String[] headers = new String[caller.length + 2];
    System.arraycopy(caller, 0, headers, 0, caller.length);
    headers[caller.length] = "Prefer";
    headers[caller.length + 1] = "wait=10";
    HttpResponse<String> response = http.post("/v1/executions", body, headers);
    assertTrue(response.statusCode() == 200 || response.statusCode() == 202, response.body());
    return json(response);
  }

  static long committedVersion() {
    return json(http.get("/v1/policy", AGENT)).get("version").asLong();
  }

  static JsonNode view(String id) {
    return json(http.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root"));
  }

  static JsonNode lineageRecord(String id, String type) {
    JsonNode records = json(http.get("/v1/executions/" + id + "/lineage",
        "Fxg-Test-Caller", "admin/root")).get("records");
    for (JsonNode record : records) {
      if (type.equals(record.get("type").asText())) {
        return record;
      }
    }
    throw new AssertionError("no " + type + " record in " + records);
  }

  /** A parent kept running (the stub target accepts report.generate asynchronously). */
  static JsonNode runningParent() {
    String id = json(http.post("/v1/executions",
        body("billing-prod", "report.generate", "invoices/q3", 10, null, null), DELEGATOR))
        .get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(view(id).get("status").asText()));
    return view(id);
  }

  @Test
  void submit_permitted_completesWithArtifactVerifiedByNimbusAgainstJwksEndpoint() throws Exception {
    JsonNode done = submitAndWait(body("billing-prod", "invoice.create", "invoices/2026-11", 250,
        null, 30), PERMITTED);
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertEquals(committedVersion(), done.at("/policy/version").asLong());
    String id = done.get("executionId").asText();
    JsonNode governance = lineageRecord(id, "governance.synchronized").get("data");
    assertEquals("billing-invoke", governance.at("/rules/0").asText());
    assertEquals(60, governance.at("/obligations/maxDurationSeconds").asInt());
    assertEquals(15, governance.get("risk").asInt());
    assertTrue(governance.get("explanation").asText().startsWith("permitted: rule 'billing-invoke'"));

    SignedJWT jwt = SignedJWT.parse(done.get("artifact").asText());
    OctetKeyPair key = (OctetKeyPair) JWKSet.parse(http.get("/.well-known/jwks.json").body())
        .getKeyByKeyId(jwt.getHeader().getKeyID());
    assertTrue(jwt.verify(new Ed25519Verifier(key)));
    assertEquals(id, jwt.getJWTClaimsSet().getJWTID());
    assertEquals(done.at("/policy/digest").asText(),
        ((Map<?, ?>) ((Map<?, ?>) jwt.getJWTClaimsSet().getClaim("fxg")).get("pol")).get("d"));
    assertEquals(jwt.getJWTClaimsSet().getIssueTime().getTime() / 1000 + 30,
        jwt.getJWTClaimsSet().getExpirationTime().getTime() / 1000);
    String status = json(http.get("/v1/authorizations/" + id + "/status", PERMITTED)).get("status").asText();
    assertEquals("finished", status);
  }

  @Test
  void submit_denied_explainsWhichRuleOrCheckDenied() {
    JsonNode large = submitAndWait(body("billing-prod", "invoice.create", "invoices/1", 5000, null,
        null), DENIED);
    assertEquals("denied", large.get("status").asText());
    assertEquals("policy.condition-not-satisfied", large.at("/outcome/reason").asText());
    assertTrue(large.at("/outcome/detail").asText().contains("rule 'billing-invoke' condition is "
        + "false: request.parameters.amount < 1000"), large.toString());

    JsonNode delete = submitAndWait(body("billing-prod", "invoice.delete", "invoices/1", 1, null,
        null), DENIED);
    assertEquals("policy.forbidden", delete.at("/outcome/reason").asText());
    assertTrue(delete.at("/outcome/detail").asText().startsWith("denied: rule 'no-delete' (forbid)"));
    JsonNode record = lineageRecord(delete.get("executionId").asText(), "execution.denied");
    assertEquals(2, record.get("phase").asInt());
    assertEquals(committedVersion(), record.at("/data/policyVersion").asLong());
  }

  @Test
  void delegation_validChild_linksBothWays_andDeeperOrLongerChildrenAreRefused() {
    JsonNode parent = runningParent();
    String parentId = parent.get("executionId").asText();
    String parentArtifact = parent.get("artifact").asText();

    String childId = json(http.post("/v1/executions", body("payments-prod", "report.generate",
        "payments/p-1", 40, parentArtifact, 20), BILLING_ENV)).get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(view(childId).get("status").asText()));
    assertEquals(parentId, view(childId).get("parent").asText());
    await().atMost(Duration.ofSeconds(10)).until(() ->
        view(parentId).get("children").toString().contains(childId));
    JsonNode childGovernance = lineageRecord(childId, "governance.synchronized").get("data");
    assertEquals("delegated", childGovernance.at("/rules/0").asText());
    assertEquals(15 + 5, childGovernance.get("risk").asInt());

    JsonNode grandchild = submitAndWait(body("payments-prod", "payment.submit", "payments/p-2", 1,
        view(childId).get("artifact").asText(), 10), PAYMENTS_ENV);
    assertEquals("delegation.too-deep", grandchild.at("/outcome/reason").asText(), grandchild.toString());

    JsonNode longer = submitAndWait(body("payments-prod", "payment.submit", "payments/p-3", 1,
        parentArtifact, 3600), BILLING_ENV);
    assertEquals("delegation.outlives-parent", longer.at("/outcome/reason").asText());

    JsonNode wrongSigner = submitAndWait(body("payments-prod", "payment.submit", "payments/p-4", 1,
        parentArtifact, 10), PAYMENTS_ENV);
    assertEquals("delegation.wrong-signer", wrongSigner.at("/outcome/reason").asText());

    assertEquals(200, http.post("/v1/executions/" + parentId + "/cancel", "", DELEGATOR).statusCode());
    JsonNode orphan = submitAndWait(body("payments-prod", "payment.submit", "payments/p-5", 1,
        parentArtifact, 10), BILLING_ENV);
    assertEquals("delegation.parent-not-live", orphan.at("/outcome/reason").asText());
    assertTrue(orphan.at("/outcome/detail").asText().contains("is revoked"), orphan.toString());
  }

  @Test
  void install_newVersionForbiddingLiveExecution_interruptsItAsPolicyChanged() {
    String id = json(http.post("/v1/executions",
        body("billing-prod", "report.generate", "invoices/frozen-1", 10, null, null), AGENT))
        .get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(view(id).get("status").asText()));
    ObjectNode stricter = TestPolicies.bundle(VERSION.incrementAndGet());
    ObjectNode freeze = stricter.withArray("rules").addObject();
    freeze.put("id", "freeze").put("effect", "forbid");
    freeze.putObject("caller").put("domain", "*").put("principal", "*");
    freeze.putObject("target").put("domain", "acme").put("environment", "*");
    freeze.putArray("actions").add("*");
    freeze.putArray("resources").add("invoices/frozen-*");
    assertEquals(200, http.send("PUT", "/v1/admin/policy", stricter.toString(),
        "Fxg-Test-Caller", "admin/root").statusCode());
    await().atMost(Duration.ofSeconds(10)).until(() -> "interrupted".equals(view(id).get("status").asText()));
    assertEquals("governance.policy-changed", view(id).at("/outcome/reason").asText());
    assertTrue(view(id).at("/outcome/detail").asText().contains("rule 'freeze' (forbid)"),
        view(id).toString());
  }

  @Test
  void risk_followsThePrincipalsRecentDenialsFromTheJournal() {
    String[] risky = {"Fxg-Test-Caller", "partner-b/agent-risky"};
    for (int i = 0; i < 2; i++) {
      assertEquals("policy.forbidden", submitAndWait(body("billing-prod", "invoice.delete",
          "invoices/" + i, 1, null, null), risky).at("/outcome/reason").asText());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode done = submitAndWait(body("billing-prod", "invoice.read", "invoices/1", 1, null,
          null), risky);
      return lineageRecord(done.get("executionId").asText(), "governance.synchronized")
          .at("/data/risk").asInt() == 15 + 2 * 10;
    });
  }

  @Test
  void risk_environmentRegisteredInTheFederation_isTrusted() {
    ObjectNode acme = Federation.withEnvironment(Federation.document("Acme"), "billing-trusted",
        "http://127.0.0.1:9", Jwk.generate(null), Map.of("image", "sha256:" + "00".repeat(32)), 30);
    HttpResponse<String> registered = http.send("PUT", "/v1/admin/domains/acme", acme.toString(),
        "Fxg-Test-Caller", "admin/root");
    assertTrue(registered.statusCode() < 300, registered.body());
    String[] caller = {"Fxg-Test-Caller", "partner-a/agent-trusted"};
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode done = submitAndWait(body("billing-trusted", "invoice.read", "invoices/1", 1, null,
          null), caller);
      return lineageRecord(done.get("executionId").asText(), "governance.synchronized")
          .at("/data/risk").asInt() == 0;
    });
  }
}
