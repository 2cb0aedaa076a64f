package io.fxg.federation;

import static io.fxg.testkit.Peering.gatewaySigner;
import static io.fxg.testkit.Peering.policy;
import static io.fxg.testkit.Peering.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two independent gateways in one JVM (own keys, journals, policies; SPEC section 13): gw-a serves
 * the caller partner-a/agent-7, gw-b governs acme and runs acme/billing-prod. Executions of gw-a's
 * caller on acme are authorized by both, linked both ways, and cut off on either side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationTest {
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk BILLING = Jwk.generate("acme/billing-prod");

  @RegisterExtension
  static final GatewayFixture b = GatewayFixture.builder()
      .federation(Federation.of().environment(BILLING, 2))
      .policy(policy("""
          {"id": "from-gw-a", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*", "peer": "gw-a"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*", "reports/*"],
           "condition": "request.parameters.amount < 500 && context.peer == 'gw-a' && context.parent != ''",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
             "maxDelegationDepth": 0, "freshAttestation": false}}"""))
      .config("fxg.peers.name = gw-b\nfxg.peers.max-silence = 3 s\nfxg.log.origin = \"gw-b.test/log\"")
      .build();

  @RegisterExtension
  static final GatewayFixture a = GatewayFixture.builder()
      .federation(Federation.of().principal(AGENT))
      .policy(policy("""
          {"id": "to-acme", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*", "reports/*"],
           "condition": "request.parameters.amount < 1000",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
             "maxDelegationDepth": 0, "freshAttestation": false}}"""))
      .config("fxg.peers.name = gw-a\nfxg.peers.max-silence = 3 s\nfxg.log.origin = \"gw-a.test/log\"")
      .build();

  @BeforeAll
  static void peersRegisteredBothWays() throws Exception {
    register(a, "gw-b", b);
    register(b, "gw-a", a);
  }



  static String body(String action, String resource, String parameters) {
    return "{\"target\": {\"domain\": \"acme\", \"environment\": \"billing-prod\"}, \"action\": \"" + action
        + "\", \"resource\": \"" + resource + "\", \"parameters\": " + parameters + "}";
  }

  static JsonNode submit(String action, String resource, String parameters, String... headers) {
    HttpResponse<String> response = a.calls().signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions",
        body(action, resource, parameters), headers);
    assertTrue(response.statusCode() == 200 || response.statusCode() == 202, response.body());
    return HttpCalls.json(response);
  }

  static JsonNode view(GatewayFixture gateway, String id) {
    return HttpCalls.json(gateway.asAdmin("GET", "/v1/executions/" + id, null));
  }

  static JsonNode awaitView(GatewayFixture gateway, String id, String status, Duration within) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(within).until(() -> status.equals((last[0] = view(gateway, id)).path("status").asText()));
    return last[0];
  }

  static String childOf(String id) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> (last[0] = view(a, id)).path("peer").path("executionId").isTextual());
    return last[0].path("peer").path("executionId").asText();
  }

  @Test
  @Order(1)
  void permittedByBoth_completesOnBothSides_linkedBothWays_andProvenOnBoth() {
    JsonNode done = submit("invoice.create", "invoices/2026-12", "{\"amount\": 250}", "Prefer", "wait=10");
    String id = done.path("executionId").asText();
    assertEquals("completed", done.path("status").asText(), done.toString());
    JsonNode origin = view(a, id);
    assertEquals("gw-b", origin.path("peer").path("name").asText());
    assertEquals("child", origin.path("peer").path("role").asText());
    String child = origin.path("peer").path("executionId").asText();
    assertEquals(b.url("/v1/executions/" + child), origin.path("peer").path("href").asText());

    JsonNode peer = awaitView(b, child, "completed", Duration.ofSeconds(10));
    assertEquals(id, peer.path("parent").asText());
    assertEquals("gw-a", peer.path("peer").path("name").asText());
    assertEquals("parent", peer.path("peer").path("role").asText());
    assertEquals("partner-a", peer.path("caller").path("domain").asText());
    assertEquals(origin.path("outcome").path("result"), peer.path("outcome").path("result"));

    await().atMost(Duration.ofSeconds(10)).until(() -> view(a, id).path("phase").asInt() == 8);
    await().atMost(Duration.ofSeconds(10)).until(() -> view(b, child).path("phase").asInt() == 8);
    crossLogProof(id, child);
  }

  /** A's bundle embeds B's bundle of the child; each verifies against its own gateway's keys, linked. */
  static void crossLogProof(String id, String child) {
    String[] bundle = new String[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> response = a.asAdmin("GET", "/v1/executions/" + id + "/proof", null);
      bundle[0] = response.body();
      return response.statusCode() == 200 && bundle[0].contains("\"peer\":\"gw-b\"");
    });
    io.fxg.proof.ProofBundleVerifier verifier;
    try {
      verifier = io.fxg.proof.ProofBundleVerifier.withKeys(a.http().get("/.well-known/jwks.json").body(),
          a.http().get("/v1/log/key").body().strip())
          .withPeerKeys(b.http().get("/.well-known/jwks.json").body(), b.http().get("/v1/log/key").body().strip());
    } catch (io.fxg.proof.ProofVerificationException e) {
      throw new AssertionError(e);
    }
    io.fxg.proof.ProofBundleVerifier.Result result = verifier.verify(bundle[0]);
    assertTrue(result.ok(), result.report());
    assertTrue(result.report().contains("PASS children[0].link: forwarded to peer gw-b as " + child), result.report());
    assertTrue(result.report().contains("PASS children[0].checkpoint.signature"), result.report());

    // The child checked against the origin's keys fails: it is the peer's proof, not this gateway's.
    try {
      io.fxg.proof.ProofBundleVerifier wrong = io.fxg.proof.ProofBundleVerifier.withKeys(
          a.http().get("/.well-known/jwks.json").body(), a.http().get("/v1/log/key").body().strip())
          .withPeerKeys(a.http().get("/.well-known/jwks.json").body(), a.http().get("/v1/log/key").body().strip());
      assertTrue(!wrong.verify(bundle[0]).ok());
    } catch (io.fxg.proof.ProofVerificationException e) {
      throw new AssertionError(e);
    }
    // A child the parent never forwarded to: the link fails.
    String relabelled = bundle[0].replace("\"executionId\":\"" + child + "\"", "\"executionId\":\"" + id + "\"");
    assertTrue(!verifier.verify(relabelled).ok());
  }

  @Test
  @Order(1)
  void eachGatewaysCheckpoint_carriesThePeersCosignature() {
    String bWitness = b.http().get("/v1/witness/key").body().strip();
    String aWitness = a.http().get("/v1/witness/key").body().strip();
    await().atMost(Duration.ofSeconds(15)).until(() ->
        a.http().get("/v1/log/checkpoint").body().contains("\u2014 " + bWitness.substring(0, bWitness.indexOf('+')) + " "));
    await().atMost(Duration.ofSeconds(15)).until(() ->
        b.http().get("/v1/log/checkpoint").body().contains("\u2014 " + aWitness.substring(0, aWitness.indexOf('+')) + " "));
  }

  @Test
  @Order(2)
  void deniedByPeerPolicy_whileOriginPermits_isDeniedForTheCaller() {
    JsonNode done = submit("invoice.create", "invoices/2026-12", "{\"amount\": 700}", "Prefer", "wait=10");
    String id = done.path("executionId").asText();
    JsonNode origin = awaitView(a, id, "denied", Duration.ofSeconds(10));
    assertTrue(origin.path("outcome").path("detail").asText().contains("peer gateway gw-b"), origin.path("outcome").path("detail").asText());
    String child = origin.path("peer").path("executionId").asText();
    assertEquals("denied", view(b, child).path("status").asText());
  }

  @Test
  @Order(3)
  void revocationOnPeer_interruptsTheOriginsExecution_within2s() {
    String id = submit("report.generate", "reports/slow", "{\"amount\": 1, \"seconds\": 20}").path("executionId").asText();
    String child = childOf(id);
    awaitView(b, child, "running", Duration.ofSeconds(10));
    HttpResponse<String> revoke = b.asAdmin("POST", "/v1/admin/revocations",
        "{\"kind\": \"artifact\", \"id\": \"" + child + "\", \"reason\": \"test\"}");
    assertEquals(201, revoke.statusCode(), revoke.body());
    long revoked = System.nanoTime();
    JsonNode origin = awaitView(a, id, "interrupted", Duration.ofSeconds(2));
    System.out.println("federation: revocation on gw-b -> gw-a interrupted in "
        + (System.nanoTime() - revoked) / 1_000_000 + " ms");
    assertEquals("trust.revoked", origin.path("outcome").path("reason").asText());
  }

  @Test
  @Order(4)
  void cancelOnOrigin_interruptsThePeersChild_within2s() {
    String id = submit("report.generate", "reports/slow", "{\"amount\": 1, \"seconds\": 20}").path("executionId").asText();
    String child = childOf(id);
    awaitView(b, child, "running", Duration.ofSeconds(10));
    HttpResponse<String> cancel = a.calls().signed(AGENT.signer().orElseThrow(), "POST",
        "/v1/executions/" + id + "/cancel", "");
    assertEquals(200, cancel.statusCode(), cancel.body());
    JsonNode peer = awaitView(b, child, "interrupted", Duration.ofSeconds(2));
    assertEquals("cancelled", peer.path("outcome").path("reason").asText());
    assertTrue(peer.path("outcome").path("detail").asText().contains("gateway/gw-a"), peer.path("outcome").path("detail").asText());
  }

  @Test
  @Order(5)
  void forgedParentArtifact_isRefusedByThePeer() throws Exception {
    // Signed by gw-a's real gateway key (keyid gateway/gw-a), but the parent is signed by a stranger.
    Jwk stranger = Jwk.generate(null);
    ObjectNode claims = Json.object().put("iss", "fxg").put("sub", "partner-a/agent-7").put("aud", "acme/billing-prod")
        .put("jti", io.fxg.execution.ExecutionIds.next(java.time.Instant.now()))
        .put("iat", java.time.Instant.now().getEpochSecond()).put("exp", java.time.Instant.now().getEpochSecond() + 60);
    claims.putObject("fxg").put("depth", 0).put("act", "invoice.create").put("res", "invoices/2026-12")
        .put("params", io.fxg.crypto.Digests.digestOfJson(Json.parse("{\"amount\": 1}")))
        .putArray("chain");
    ((ObjectNode) claims.get("fxg")).putObject("obl").put("maxDelegationDepth", 0);
    String forged = io.fxg.crypto.Jws.sign(stranger.signer().orElseThrow(), "fxg-authz+jwt", claims);
    ObjectNode request = (ObjectNode) Json.parse(body("invoice.create", "invoices/2026-12", "{\"amount\": 1}"));
    request.put("parent", forged);
    io.fxg.crypto.Signer asGwA = gatewaySigner(a, "gw-a");
    HttpResponse<String> response = b.calls().signed(asGwA, "POST", "/v1/executions", Json.write(request),
        "Prefer", "wait=5");
    JsonNode view = HttpCalls.json(response);
    assertEquals("denied", view.path("status").asText(), response.body());
    assertEquals("delegation.bad-parent", view.path("outcome").path("reason").asText());
  }

  @Test
  @Order(5)
  void forwardedSubmit_withoutOrWithMalformedParent_isRefused400NamingParent() throws Exception {
    io.fxg.crypto.Signer asGwA = gatewaySigner(a, "gw-a");
    for (String parent : new String[] {null, "not-a-jws", io.fxg.crypto.Jws.sign(asGwA, "fxg-authz+jwt",
        Json.object().put("sub", "no-slash"))}) {
      ObjectNode request = (ObjectNode) Json.parse(body("invoice.create", "invoices/2026-12", "{\"amount\": 1}"));
      if (parent != null) {
        request.put("parent", parent);
      }
      HttpResponse<String> response = b.calls().signed(asGwA, "POST", "/v1/executions", Json.write(request));
      assertEquals(400, response.statusCode(), response.body());
      assertEquals("parent", HttpCalls.json(response).path("field").asText(), response.body());
    }
  }

  @Test
  @Order(5)
  void peerNotice_fromAPrincipal_isForbidden() {
    String id = submit("invoice.create", "invoices/2026-12", "{\"amount\": 250}", "Prefer", "wait=10")
        .path("executionId").asText();
    HttpResponse<String> response = a.calls().signed(AGENT.signer().orElseThrow(), "POST",
        "/v1/executions/" + id + "/peer-notice", "{}");
    assertEquals(403, response.statusCode(), response.body());
  }

  @Test
  @Order(5)
  void peerRemoved_interruptsItsLinkedExecutions_trustRevoked_andRegisteredAgainWorks() throws Exception {
    String id = submit("report.generate", "reports/slow", "{\"amount\": 1, \"seconds\": 20}").path("executionId").asText();
    String child = childOf(id);
    awaitView(b, child, "running", Duration.ofSeconds(10));
    HttpResponse<String> removed = a.asAdmin("DELETE", "/v1/admin/peers/gw-b", "{\"reason\": \"test\"}");
    assertEquals(200, removed.statusCode(), removed.body());
    JsonNode origin = awaitView(a, id, "interrupted", Duration.ofSeconds(3));
    assertEquals("trust.revoked", origin.path("outcome").path("reason").asText());
    awaitView(b, child, "interrupted", Duration.ofSeconds(3));
    register(a, "gw-b", b);
  }

  @Test
  @Order(5)
  void aLocalNamesakeOfTheOriginsCaller_mayNeitherReadSearchNorCancelTheForwardedExecution() {
    Jwk namesake = Jwk.generate("partner-a/agent-7");
    b.register(Federation.of().principal(namesake));
    String id = submit("report.generate", "reports/slow", "{\"amount\": 1, \"seconds\": 20}").path("executionId").asText();
    String child = childOf(id);
    awaitView(b, child, "running", Duration.ofSeconds(10));
    io.fxg.crypto.Signer key = namesake.signer().orElseThrow();
    assertEquals(403, b.calls().signed(key, "GET", "/v1/executions/" + child, "").statusCode());
    assertEquals(403, b.calls().signed(key, "POST", "/v1/executions/" + child + "/cancel", "").statusCode());
    HttpResponse<String> search = b.calls().signed(key, "GET", "/v1/executions?limit=50", "");
    assertEquals(200, search.statusCode(), search.body());
    assertTrue(!search.body().contains(child), search.body());
    assertEquals("running", view(b, child).path("status").asText());
    assertEquals(200, a.calls().signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions/" + id + "/cancel", "")
        .statusCode());
    awaitView(b, child, "interrupted", Duration.ofSeconds(3));
  }

  @Test
  @Order(6)
  void peerUnreachable_interruptsTheLinkedExecution_federationUnreachable() {
    String id = submit("report.generate", "reports/slow", "{\"amount\": 1, \"seconds\": 20}").path("executionId").asText();
    String child = childOf(id);
    awaitView(b, child, "running", Duration.ofSeconds(10));
    b.close();
    JsonNode origin = awaitView(a, id, "interrupted", Duration.ofSeconds(10));
    assertEquals("federation.unreachable", origin.path("outcome").path("reason").asText());
  }


}
