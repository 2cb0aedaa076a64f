package io.fxg.httpsig;

import static io.fxg.httpsig.TestSigning.CLOCK;
import static io.fxg.httpsig.TestSigning.NOW;
import static io.fxg.httpsig.TestSigning.apply;
import static io.fxg.httpsig.TestSigning.params;
import static io.fxg.httpsig.TestSigning.request;
import static io.fxg.httpsig.TestSigning.signCustom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.KeyResolver.KeyLookup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SPEC section 4 profile: acceptance, and every refusal by its wire name. */
class MessageVerifierTest {
  static final Signer AGENT = Jwk.generate("partner-a/agent-7").signer().orElseThrow();
  static final Signer OTHER = Jwk.generate("partner-a/agent-7").signer().orElseThrow();
  static final Signer REVOKED = Jwk.generate("partner-a/old-key").signer().orElseThrow();
  static final Signer SUSPENDED = Jwk.generate("partner-b/agent-1").signer().orElseThrow();
  static final long T = NOW.getEpochSecond();

  MessageVerifier verifier;

  @BeforeEach
  void setUp() {
    KeyResolver keys =
        keyId -> {
          switch (keyId) {
            case "partner-a/agent-7":
              return KeyLookup.found(AGENT.publicKey());
            case "partner-a/old-key":
              return KeyLookup.revoked("revoked at 2026-11-01");
            case "partner-b/agent-1":
              return KeyLookup.suspendedDomain("domain partner-b is suspended");
            default:
              return KeyLookup.unknown();
          }
        };
    verifier = MessageVerifier.create(keys, InMemoryNonceRegistry.create(CLOCK), CLOCK);
  }

  SignedRequestView signedPost() {
    SignedRequestView request =
        request("POST", "/v1/executions", "wait=5", "{\"action\":\"invoice.create\"}");
    return apply(request, MessageSigner.create(AGENT, CLOCK).sign(request));
  }

  Verification.Refused refused(SignedRequestView request, SignatureFailure expected) {
    Verification.Refused refused =
        assertInstanceOf(Verification.Refused.class, verifier.verify(request));
    assertEquals(expected, refused.failure(), refused.detail());
    return refused;
  }

  SignedRequestView custom(List<String> components, Map<String, Object> params) throws Exception {
    return signCustom(
        request("POST", "/v1/executions", null, "{}"), AGENT, "sig1", components, params);
  }

  @Test
  void verify_messageSignerPostWithQueryAndBody_isVerified() {
    Verification.Verified verified =
        assertInstanceOf(Verification.Verified.class, verifier.verify(signedPost()));
    assertEquals("partner-a/agent-7", verified.keyId());
    assertEquals("sig1", verified.label());
    assertEquals(NOW, verified.created());
  }

  @Test
  void verify_getWithoutBody_isVerified() {
    SignedRequestView request = request("GET", "/v1/executions/abc", null, null);
    SignedRequestView signed = apply(request, MessageSigner.create(AGENT, CLOCK).sign(request));
    assertTrue(verifier.verify(signed).isVerified());
    assertEquals(null, signed.header("content-digest"));
  }

  @Test
  void verify_noSignatureFields_isMissingSignature() {
    SignedRequestView signed = signedPost();
    refused(request("POST", "/v1/executions", null, "{}"), SignatureFailure.MISSING_SIGNATURE);
    SignedRequestView onlyInput =
        request("POST", "/v1/executions", "wait=5", "{}")
            .withHeader("Signature-Input", signed.header("signature-input"));
    assertEquals(
        "Signature is missing", refused(onlyInput, SignatureFailure.MISSING_SIGNATURE).detail());
  }

  @Test
  void verify_malformedSignatureInput_namesTheProblem() {
    SignedRequestView signed = signedPost();
    String[][] cases = {
      {"sig1=(\"@method\"", "Signature-Input: unterminated inner list at offset 15"},
      {"sig1=1", "Signature-Input sig1: is not an inner list"},
      {
        "sig1=(\"@method\";req \"@path\");created=1",
        "Signature-Input sig1: component parameters are not supported: \"@method\";req"
      },
      {
        "sig1=(\"@Method\");created=1",
        "Signature-Input sig1: component \"@Method\" is not a lowercase component name string"
      },
      {
        "sig1=(\"@query-param\");created=1",
        "Signature-Input sig1: derived component \"@query-param\" is not supported"
      },
      {"sig1=(\"@path\" \"@path\")", "Signature-Input sig1: component \"@path\" is covered twice"},
      {"sig1=();created=\"now\"", "Signature-Input sig1: parameter created must be an integer"},
      {"sig1=();nonce=\"\"", "Signature-Input sig1: parameter nonce must have 1 to 256 characters"},
      {"sig1=();keyid=" + "k".repeat(20), "Signature-Input sig1: parameter keyid must be a string"},
      {"", "Signature-Input has no members"},
      {
        "sig1=(" + "\"a\" ".repeat(33) + ")", "Signature-Input sig1: covers more than 32 components"
      },
      {
        "s1=(), s2=(), s3=(), s4=(), s5=(), s6=(), s7=(), s8=(), s9=()",
        "Signature-Input has more than 8 signatures"
      },
      {"sig1=(\"" + "a".repeat(8200) + "\")", "Signature-Input is longer than 8192 characters"},
    };
    for (String[] c : cases) {
      SignedRequestView request = signed.withHeader("Signature-Input", c[0]);
      assertEquals(
          c[1], refused(request, SignatureFailure.MALFORMED_SIGNATURE_INPUT).detail(), c[0]);
    }
  }

  @Test
  void verify_malformedSignature_namesTheProblem() {
    SignedRequestView signed = signedPost();
    String[][] cases = {
      {"sig1=:AAAA", "Signature: unterminated sf-binary at offset 5"},
      {"sig1=\"AAAA\"", "Signature sig1 is not a byte sequence"},
      {"sig1=:AAAA:", "Signature sig1 is not 64 bytes"},
      {"other=:AAAA:", "Signature has no member for label sig1"},
    };
    for (String[] c : cases) {
      SignedRequestView request = signed.withHeader("Signature", c[0]);
      assertEquals(c[1], refused(request, SignatureFailure.MALFORMED_SIGNATURE).detail(), c[0]);
    }
  }

  @Test
  void verify_requiredComponentsNotCovered_isMissingComponent() throws Exception {
    Map<String, Object> p = params(T, "partner-a/agent-7", "n-1");
    assertEquals(
        "signature sig1 does not cover \"@method\"",
        refused(custom(List.of("@path", "content-digest"), p), SignatureFailure.MISSING_COMPONENT)
            .detail());
    assertEquals(
        "signature sig1 does not cover \"@path\"",
        refused(custom(List.of("@method", "content-digest"), p), SignatureFailure.MISSING_COMPONENT)
            .detail());
    assertEquals(
        "signature sig1 does not cover \"content-digest\"",
        refused(custom(List.of("@method", "@path"), p), SignatureFailure.MISSING_COMPONENT)
            .detail());
    SignedRequestView withQuery =
        signCustom(
            request("GET", "/v1/executions", "status=running", null),
            AGENT,
            "sig1",
            List.of("@method", "@path"),
            p);
    assertEquals(
        "signature sig1 does not cover \"@query\"",
        refused(withQuery, SignatureFailure.MISSING_COMPONENT).detail());
  }

  @Test
  void verify_coveredHeaderAbsent_isMissingComponent() throws Exception {
    SignedRequestView signed =
        signCustom(
            request("POST", "/x", null, "{}").withHeader("X-Tenant", "a"),
            AGENT,
            "sig1",
            List.of("@method", "@path", "content-digest", "x-tenant"),
            params(T, "partner-a/agent-7", "n-1"));
    Map<String, List<String>> headers = new java.util.HashMap<>(signed.headers());
    headers.remove("x-tenant");
    SignedRequestView request = SignedRequestView.of("POST", "/x", null, headers, signed.body());
    assertEquals(
        "covered component \"x-tenant\" is not present in the request",
        refused(request, SignatureFailure.MISSING_COMPONENT).detail());
  }

  @Test
  void verify_coveredContentDigestAbsent_isMissingComponent() {
    SignedRequestView signed = signedPost();
    Map<String, List<String>> headers = new java.util.HashMap<>(signed.headers());
    headers.remove("content-digest");
    SignedRequestView request =
        SignedRequestView.of("POST", signed.path(), signed.query(), headers, signed.body());
    assertEquals(
        "covered component \"content-digest\" is not present in the request",
        refused(request, SignatureFailure.MISSING_COMPONENT).detail());
  }

  @Test
  void verify_requiredParameterAbsent_isMissingParameter() throws Exception {
    for (String name : List.of("created", "keyid", "nonce")) {
      Map<String, Object> p = params(T, "partner-a/agent-7", "n-" + name);
      p.remove(name);
      SignedRequestView request = custom(List.of("@method", "@path", "content-digest"), p);
      assertEquals(
          "signature sig1 has no " + name + " parameter",
          refused(request, SignatureFailure.MISSING_PARAMETER).detail());
    }
  }

  @Test
  void verify_otherAlg_isUnsupportedAlg() throws Exception {
    Map<String, Object> p = params(T, "partner-a/agent-7", "n-1");
    p.put("alg", "rsa-pss-sha512");
    refused(
        custom(List.of("@method", "@path", "content-digest"), p), SignatureFailure.UNSUPPORTED_ALG);
  }

  @Test
  void verify_withoutAlg_isVerified() throws Exception {
    Map<String, Object> p = params(T, "partner-a/agent-7", "n-1");
    p.remove("alg");
    assertTrue(
        verifier.verify(custom(List.of("@method", "@path", "content-digest"), p)).isVerified());
  }

  @Test
  void verify_keyStates_areRefusedByName() throws Exception {
    List<String> components = List.of("@method", "@path", "content-digest");
    SignedRequestView unknown =
        signCustom(
            request("POST", "/x", null, "{}"),
            Jwk.generate("nobody/x").signer().orElseThrow(),
            "sig1",
            components,
            params(T, "nobody/x", "n-1"));
    assertEquals(
        "key nobody/x: no registered key has this keyid",
        refused(unknown, SignatureFailure.UNKNOWN_KEY).detail());
    SignedRequestView revoked =
        signCustom(
            request("POST", "/x", null, "{}"),
            REVOKED,
            "sig1",
            components,
            params(T, "partner-a/old-key", "n-2"));
    assertEquals(
        "key partner-a/old-key: revoked at 2026-11-01",
        refused(revoked, SignatureFailure.REVOKED_KEY).detail());
    SignedRequestView suspended =
        signCustom(
            request("POST", "/x", null, "{}"),
            SUSPENDED,
            "sig1",
            components,
            params(T, "partner-b/agent-1", "n-3"));
    refused(suspended, SignatureFailure.SUSPENDED_DOMAIN);
  }

  @Test
  void verify_bodyChangedAfterSigning_isDigestMismatch() {
    SignedRequestView signed = signedPost();
    SignedRequestView changed =
        new SignedRequestView(
            signed.method(),
            signed.scheme(),
            signed.authority(),
            signed.path(),
            signed.query(),
            signed.headers(),
            "{\"action\":\"secrets.read\"}".getBytes());
    assertEquals(
        "Content-Digest sha-256 does not match the body",
        refused(changed, SignatureFailure.DIGEST_MISMATCH).detail());
  }

  @Test
  void verify_createdOutsideSkew_isStaleOrFuture() throws Exception {
    List<String> components = List.of("@method", "@path", "content-digest");
    refused(
        custom(components, params(T - 301, "partner-a/agent-7", "n-1")), SignatureFailure.STALE);
    refused(
        custom(components, params(T + 301, "partner-a/agent-7", "n-2")), SignatureFailure.FUTURE);
    assertTrue(
        verifier
            .verify(custom(components, params(T - 300, "partner-a/agent-7", "n-3")))
            .isVerified());
    assertTrue(
        verifier
            .verify(custom(components, params(T + 300, "partner-a/agent-7", "n-4")))
            .isVerified());
  }

  @Test
  void verify_expiresPassed_isExpired() throws Exception {
    Map<String, Object> p = params(T - 10, "partner-a/agent-7", "n-1");
    p.put("expires", T);
    refused(custom(List.of("@method", "@path", "content-digest"), p), SignatureFailure.EXPIRED);
    SignedRequestView request = request("POST", "/x", null, "{}");
    SignedRequestView live =
        apply(
            request,
            MessageSigner.create(AGENT, CLOCK)
                .withExpiresAfter(Duration.ofSeconds(30))
                .sign(request));
    assertTrue(live.header("signature-input").contains(";expires=" + (T + 30)));
    assertTrue(verifier.verify(live).isVerified());
  }

  @Test
  void verify_sameRequestTwice_isReplayed() {
    SignedRequestView signed = signedPost();
    assertTrue(verifier.verify(signed).isVerified());
    refused(signed, SignatureFailure.REPLAYED);
  }

  @Test
  void verify_forgeryWithStolenNonce_doesNotBurnTheNonce() throws Exception {
    Map<String, Object> p = params(T, "partner-a/agent-7", "shared-nonce");
    List<String> components = List.of("@method", "@path", "content-digest");
    SignedRequestView forged =
        signCustom(request("POST", "/v1/executions", null, "{}"), OTHER, "sig1", components, p);
    refused(forged, SignatureFailure.BAD_SIGNATURE);
    assertTrue(verifier.verify(custom(components, p)).isVerified());
  }

  @Test
  void verify_tamperedSignatureOrRequest_isBadSignature() {
    SignedRequestView signed = signedPost();
    String signature = signed.header("signature");
    char flipped = signature.charAt(10) == 'A' ? 'B' : 'A';
    refused(
        signed.withHeader(
            "Signature", signature.substring(0, 10) + flipped + signature.substring(11)),
        SignatureFailure.BAD_SIGNATURE);
    refused(
        new SignedRequestView(
            "PUT",
            null,
            signed.authority(),
            signed.path(),
            signed.query(),
            signed.headers(),
            signed.body()),
        SignatureFailure.BAD_SIGNATURE);
    refused(
        new SignedRequestView(
            signed.method(),
            null,
            signed.authority(),
            "/v1/admin/policy",
            signed.query(),
            signed.headers(),
            signed.body()),
        SignatureFailure.BAD_SIGNATURE);
    refused(
        new SignedRequestView(
            signed.method(),
            null,
            signed.authority(),
            signed.path(),
            "wait=50",
            signed.headers(),
            signed.body()),
        SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void verify_twoLabelsFirstInvalid_acceptsTheSecond() throws Exception {
    List<String> components = List.of("@method", "@path", "content-digest");
    SignedRequestView request =
        signCustom(
            request("POST", "/x", null, "{}"),
            OTHER,
            "bad",
            components,
            params(T, "partner-a/agent-7", "n-1"));
    SignedRequestView both =
        signCustom(request, AGENT, "good", components, params(T, "partner-a/agent-7", "n-2"));
    Verification.Verified verified =
        assertInstanceOf(Verification.Verified.class, verifier.verify(both));
    assertEquals("good", verified.label());
  }

  @Test
  void verify_twoLabelsBothInvalid_reportsTheFirstFailure() throws Exception {
    List<String> components = List.of("@method", "@path", "content-digest");
    SignedRequestView request =
        signCustom(
            request("POST", "/x", null, "{}"),
            OTHER,
            "first",
            components,
            params(T, "partner-a/agent-7", "n-1"));
    SignedRequestView both =
        signCustom(
            request, AGENT, "second", components, params(T - 999, "partner-a/agent-7", "n-2"));
    assertEquals(
        "signature first does not verify with key partner-a/agent-7",
        refused(both, SignatureFailure.BAD_SIGNATURE).detail());
  }
}
