package io.fxg.httpsig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 9421 Appendix B vectors: the B.1.4 Ed25519 test key, the B.2 test request and the B.2.6
 * signature over it (Ed25519 is deterministic, so the exact published signature is reproduced),
 * plus the component value examples of sections 2.1 and 2.2.
 */
class Rfc9421VectorsTest {
  /** RFC 9421 B.1.4 test-key-ed25519, private seed and public key as RFC 8037 JWK members. */
  static final String B14_D = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";

  static final String B14_X = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";

  /** RFC 9421 B.2 test-request: POST /foo?param=Value&Pet=dog to example.com. */
  static final SignedRequestView B2_REQUEST =
      SignedRequestView.of(
          "POST",
          "/foo",
          "param=Value&Pet=dog",
          Map.of(
              "Host", List.of("example.com"),
              "Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"),
              "Content-Type", List.of("application/json"),
              "Content-Digest",
                  List.of(
                      "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"),
              "Content-Length", List.of("18")),
          "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));

  static final String B26_SIGNATURE_INPUT =
      "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" "
          + "\"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
  static final String B26_SIGNATURE =
      "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1"
          + "u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
  static final String B26_BASE =
      "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
          + "\"@method\": POST\n"
          + "\"@path\": /foo\n"
          + "\"@authority\": example.com\n"
          + "\"content-type\": application/json\n"
          + "\"content-length\": 18\n"
          + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\""
          + " \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

  static Signer b14Signer() throws Exception {
    return Signer.ed25519("test-key-ed25519", Encoding.fromB64url(B14_D));
  }

  static SignatureInput b26Input() throws Exception {
    return SignatureInput.parseField(B26_SIGNATURE_INPUT).get("sig-b26");
  }

  @Test
  void testKey_seed_derivesPublishedPublicKey() throws Exception {
    assertEquals(B14_X, Encoding.b64url(b14Signer().publicKey().raw()));
    Jwk jwk =
        Jwk.parse(
            "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\""
                + B14_D
                + "\",\"x\":\""
                + B14_X
                + "\"}");
    assertTrue(jwk.hasPrivate());
  }

  @Test
  void signatureBase_b26_matchesRfcByteForByte() throws Exception {
    assertEquals(B26_BASE, SignatureBase.build(B2_REQUEST, b26Input()));
  }

  @Test
  void signatureInput_b26_reserializesExactly() throws Exception {
    assertEquals(B26_SIGNATURE_INPUT, b26Input().serializeMember());
  }

  @Test
  void sign_b26Base_reproducesPublishedSignature() throws Exception {
    byte[] signature = b14Signer().sign(SignatureBase.bytes(B2_REQUEST, b26Input()));
    String published = B26_SIGNATURE.substring("sig-b26=:".length(), B26_SIGNATURE.length() - 1);
    assertArrayEquals(Base64.getDecoder().decode(published), signature);
    assertEquals(B26_SIGNATURE, "sig-b26=" + StructuredFields.serializeBareItem(signature));
  }

  @Test
  void verify_b26PublishedSignature_succeedsAndTamperedFails() throws Exception {
    var signatureItem =
        (StructuredFields.Item) StructuredFields.parseDictionary(B26_SIGNATURE).get("sig-b26");
    byte[] signature = (byte[]) signatureItem.value();
    byte[] base = SignatureBase.bytes(B2_REQUEST, b26Input());
    assertTrue(b14Signer().publicKey().verify(base, signature));
    base[10] ^= 1;
    assertFalse(b14Signer().publicKey().verify(base, signature));
  }

  @Test
  void verify_b26UnderSpecProfile_isRefusedForMissingQueryCoverage() throws Exception {
    SignedRequestView signed =
        B2_REQUEST
            .withHeader("Signature-Input", B26_SIGNATURE_INPUT)
            .withHeader("Signature", B26_SIGNATURE);
    Clock at = Clock.fixed(Instant.ofEpochSecond(1618884473L), ZoneOffset.UTC);
    MessageVerifier verifier =
        MessageVerifier.create(
            KeyResolver.of(Map.of("test-key-ed25519", b14Signer().publicKey())),
            InMemoryNonceRegistry.create(at),
            at);
    Verification.Refused refused =
        assertInstanceOf(Verification.Refused.class, verifier.verify(signed));
    assertEquals(SignatureFailure.MISSING_COMPONENT, refused.failure());
    assertEquals("signature sig-b26 does not cover \"@query\"", refused.detail());
  }

  @Test
  void contentDigest_b2TestRequestSha512_matches() {
    assertDoesNotThrow(
        () -> ContentDigest.verify(B2_REQUEST.header("content-digest"), B2_REQUEST.body()));
  }

  @Test
  void signatureBase_b21EmptyInnerList_isOnlyTheParamsLine() throws Exception {
    SignatureInput input =
        SignatureInput.parseField(
                "sig-b21=();created=1618884473"
                    + ";keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"")
            .get("sig-b21");
    assertEquals(
        "\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\""
            + ";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
        SignatureBase.build(B2_REQUEST, input));
  }

  @Test
  void derivedComponents_section22Examples_haveRfcValues() throws Exception {
    SignedRequestView request =
        SignedRequestView.of(
            "POST",
            java.net.URI.create("https://www.example.com/path?param=value"),
            Map.of("Host", List.of("www.example.com")),
            new byte[0]);
    assertEquals("POST", SignatureBase.componentValue(request, "@method"));
    assertEquals(
        "https://www.example.com/path?param=value",
        SignatureBase.componentValue(request, "@target-uri"));
    assertEquals("www.example.com", SignatureBase.componentValue(request, "@authority"));
    assertEquals("https", SignatureBase.componentValue(request, "@scheme"));
    assertEquals("/path?param=value", SignatureBase.componentValue(request, "@request-target"));
    assertEquals("/path", SignatureBase.componentValue(request, "@path"));
    assertEquals("?param=value", SignatureBase.componentValue(request, "@query"));
    SignedRequestView encoded =
        SignedRequestView.of(
            "GET", "/path", "param=value&foo=bar&baz=bat%2Dman", Map.of(), new byte[0]);
    assertEquals(
        "?param=value&foo=bar&baz=bat%2Dman", SignatureBase.componentValue(encoded, "@query"));
    SignedRequestView noQuery = SignedRequestView.of("GET", "/path", null, Map.of(), new byte[0]);
    assertEquals("?", SignatureBase.componentValue(noQuery, "@query"));
    SignedRequestView defaultPort =
        SignedRequestView.of(
            "GET", java.net.URI.create("https://WWW.Example.com:443/"), Map.of(), new byte[0]);
    assertEquals("www.example.com", SignatureBase.componentValue(defaultPort, "@authority"));
  }

  @Test
  void headerComponents_section21Example_areTrimmedFoldedAndCombined() throws Exception {
    SignedRequestView request =
        SignedRequestView.of(
            "GET",
            "/",
            null,
            Map.of(
                "X-OWS-Header", List.of("   Leading and trailing whitespace.   "),
                "X-Obs-Fold-Header", List.of("Obsolete\r\n    line folding."),
                "Cache-Control", List.of("max-age=60", "   must-revalidate"),
                "Example-Dict", List.of(" a=1,    b=2;x=1;y=2,   c=(a   b   c)")),
            new byte[0]);
    assertEquals(
        "Leading and trailing whitespace.", SignatureBase.componentValue(request, "x-ows-header"));
    assertEquals(
        "Obsolete line folding.", SignatureBase.componentValue(request, "x-obs-fold-header"));
    assertEquals(
        "max-age=60, must-revalidate", SignatureBase.componentValue(request, "cache-control"));
    assertEquals(
        "a=1,    b=2;x=1;y=2,   c=(a   b   c)",
        SignatureBase.componentValue(request, "example-dict"));
  }
}
