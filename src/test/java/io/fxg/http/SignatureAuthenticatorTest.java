package io.fxg.http;

import static io.fxg.testkit.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.testkit.Federation;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.SignedCalls;
import io.fxg.testkit.StubServices;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every refusal path of RFC 9421 verification, through HTTP against one node (SPEC section 4). */
class SignatureAuthenticatorTest {
  static final String SUBMIT = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250}}";
  static final String SEARCH = "/v1/executions?limit=5";
  static final Jwk agent = Jwk.generate("partner-a/agent-7");
  static final Jwk doomed = Jwk.generate("partner-a/agent-9");
  static final Jwk burst = Jwk.generate("partner-a/burst");
  static final Jwk frozen = Jwk.generate("frozen/agent-1");
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().services(StubServices.permitting())
      .config("fxg.http.rate-limit-per-second = 2\nfxg.http.rate-limit-burst = 12")
      .federation(Federation.of().domain("partner-a", "Partner A").principal(agent).principal(doomed).principal(burst)
          .domain("frozen", "Frozen").principal(frozen))
      .build();
  static final SignedCalls calls = gateway.calls();
  static final Signer admin = gateway.admin();

  static Signer signer(Jwk key) {
    return key.signer().orElseThrow();
  }

  static void assertRefused(HttpResponse<String> response, String check) {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("Signature", response.headers().firstValue("WWW-Authenticate").orElse(""));
    assertEquals("urn:fxg:problem:signature." + check, json(response).get("type").asText(), response.body());
  }

  @Test
  void submit_signedByRegisteredPrincipal_isAccepted() {
    HttpResponse<String> response = calls.signed(signer(agent), "POST", "/v1/executions", SUBMIT);
    assertEquals(202, response.statusCode(), response.body());
  }

  @Test
  void search_signedGetWithQuery_isAccepted() {
    assertEquals(200, calls.signed(signer(agent), "GET", SEARCH, null).statusCode());
  }

  @Test
  void submit_unsigned_isRefusedMissingSignature() {
    assertRefused(calls.send("POST", "/v1/executions", SUBMIT, Map.of()), "missing-signature");
  }

  @Test
  void request_unknownKey_isRefused() {
    assertRefused(calls.signed(Jwk.generate("partner-a/ghost").signer().orElseThrow(), "GET", SEARCH, null), "unknown-key");
  }

  @Test
  void request_keyIdOfAnotherDomain_isRefused() {
    Signer impostor = agent.withKid("frozen/agent-1").signer().orElseThrow();
    assertRefused(calls.signed(impostor, "GET", SEARCH, null), "bad-signature");
    assertRefused(calls.signed(agent.withKid("acme/agent-7").signer().orElseThrow(), "GET", SEARCH, null), "unknown-key");
  }

  @Test
  void request_signedWithWrongPrivateKey_isRefusedBadSignature() {
    Signer forger = Jwk.generate("partner-a/agent-7").signer().orElseThrow();
    assertRefused(calls.signed(forger, "GET", SEARCH, null), "bad-signature");
  }

  @Test
  void submit_bodyChangedAfterSigning_isRefusedDigestMismatch() {
    Map<String, String> headers = calls.sign(signer(agent), Clock.systemUTC(), "POST", "/v1/executions", SUBMIT);
    assertRefused(calls.send("POST", "/v1/executions", SUBMIT.replace("250", "251"), headers), "digest-mismatch");
  }

  @Test
  void request_queryNotCovered_isRefusedMissingComponent() {
    Map<String, Object> params = params(Clock.systemUTC().instant().getEpochSecond(), agent.kid());
    assertRefused(calls.send("GET", SEARCH, null,
        calls.signCustom(signer(agent), "GET", SEARCH, null, List.of("@method", "@path"), params)), "missing-component");
  }

  @Test
  void submit_digestNotCovered_isRefusedMissingComponent() {
    Map<String, Object> params = params(Clock.systemUTC().instant().getEpochSecond(), agent.kid());
    assertRefused(calls.send("POST", "/v1/executions", SUBMIT,
        calls.signCustom(signer(agent), "POST", "/v1/executions", SUBMIT, List.of("@method", "@path"), params)),
        "missing-component");
  }

  @Test
  void request_withoutNonce_isRefusedMissingParameter() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", Clock.systemUTC().instant().getEpochSecond());
    params.put("keyid", agent.kid());
    assertRefused(calls.send("GET", "/v1/executions", null,
        calls.signCustom(signer(agent), "GET", "/v1/executions", null, List.of("@method", "@path"), params)),
        "missing-parameter");
  }

  @Test
  void request_createdTenMinutesAgo_isRefusedStale() {
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    assertRefused(calls.send("GET", SEARCH, null, calls.sign(signer(agent), past, "GET", SEARCH, null)), "stale");
  }

  @Test
  void request_createdTenMinutesAhead_isRefusedFuture() {
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    assertRefused(calls.send("GET", SEARCH, null, calls.sign(signer(agent), ahead, "GET", SEARCH, null)), "future");
  }

  @Test
  void request_replayedOnSameNode_isRefused() {
    Map<String, String> headers = calls.sign(signer(agent), Clock.systemUTC(), "GET", SEARCH, null);
    assertEquals(200, calls.send("GET", SEARCH, null, headers).statusCode());
    assertRefused(calls.send("GET", SEARCH, null, headers), "replayed");
  }

  @Test
  void request_malformedSignatureInput_isRefused() {
    Map<String, String> headers = new LinkedHashMap<>(calls.sign(signer(agent), Clock.systemUTC(), "GET", SEARCH, null));
    headers.put("Signature-Input", "sig1=(\"@method\" \"@path\";created=x");
    assertRefused(calls.send("GET", SEARCH, null, headers), "malformed-signature-input");
    headers.put("Signature-Input", "sig1=(\"@method\" \"@path\" \"@query\");created=1;keyid=\"" + "k".repeat(300) + "\"");
    assertRefused(calls.send("GET", SEARCH, null, headers), "malformed-signature-input");
  }

  @Test
  void request_malformedSignature_isRefused() {
    Map<String, String> headers = new LinkedHashMap<>(calls.sign(signer(agent), Clock.systemUTC(), "GET", SEARCH, null));
    headers.put("Signature", "sig1=:not base64:");
    assertRefused(calls.send("GET", SEARCH, null, headers), "malformed-signature");
  }

  @Test
  void request_revokedKey_isRefusedAtOnce() {
    assertEquals(200, calls.signed(signer(doomed), "GET", SEARCH, null).statusCode());
    HttpResponse<String> revoked = calls.signed(admin, "POST", "/v1/admin/revocations",
        "{\"kind\":\"key\",\"id\":\"partner-a/agent-9\",\"reason\":\"laptop stolen\"}");
    assertEquals(201, revoked.statusCode(), revoked.body());
    HttpResponse<String> refused = calls.signed(signer(doomed), "GET", SEARCH, null);
    assertRefused(refused, "revoked-key");
    assertTrue(json(refused).get("detail").asText().contains("laptop stolen"));
  }

  @Test
  void request_suspendedDomain_isRefusedUntilResumed() {
    assertEquals(200, calls.signed(signer(frozen), "GET", SEARCH, null).statusCode());
    assertEquals(200, calls.signed(admin, "POST", "/v1/admin/domains/frozen/suspend", "{\"reason\":\"audit\"}").statusCode());
    assertRefused(calls.signed(signer(frozen), "GET", SEARCH, null), "suspended-domain");
    assertEquals(200, calls.signed(admin, "POST", "/v1/admin/domains/frozen/resume", null).statusCode());
    assertEquals(200, calls.signed(signer(frozen), "GET", SEARCH, null).statusCode());
  }

  @Test
  void request_beyondRateLimit_isAnswered429() {
    int tooMany = 0;
    for (int i = 0; i < 20; i++) {
      if (calls.signed(signer(burst), "GET", SEARCH, null).statusCode() == 429) {
        tooMany++;
      }
    }
    assertTrue(tooMany >= 5, "429 answers: " + tooMany);
  }

  @Test
  void adminRoute_signedByPrincipal_isForbidden() {
    assertEquals(403, calls.signed(signer(agent), "GET", "/v1/admin/domains/partner-a", null).statusCode());
  }

  /** Found by the HTTP fuzzer (docs/reliability.md, Fuzzing): Pekko answered 505 to a space in the path. */
  @Test
  void rawSpaceInRequestTarget_is400Problem() throws Exception {
    io.fxg.testkit.RawHttp.Response response = new io.fxg.testkit.RawHttp(gateway.node().httpPort())
        .send("GET", "/v1/executions/ ", List.of(), null);
    assertEquals(400, response.status(), response.body());
    assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
    assertEquals(400, Json.mapper().readTree(response.body()).get("status").asInt());
  }

  static Map<String, Object> params(long created, String keyId) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", created);
    params.put("keyid", keyId);
    params.put("nonce", "n-" + System.nanoTime());
    return params;
  }
}
