package io.fxg.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 8037 appendix A vectors: the Ed25519 JWK, its thumbprint and the A.4 signature. */
class JwkTest {
  static final String RFC8037_PRIVATE =
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
          + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
          + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
  static final String A4_SIGNING_INPUT = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  static final String A4_SIGNATURE =
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

  @Test
  void parse_rfc8037Key_givesThumbprintOfAppendixA3() throws Exception {
    Jwk jwk = Jwk.parse(RFC8037_PRIVATE);
    assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", jwk.thumbprint());
  }

  @Test
  void sign_rfc8037Message_matchesAppendixA4() throws Exception {
    Signer signer = Jwk.parse(RFC8037_PRIVATE).signer().orElseThrow();
    byte[] signature = signer.sign(A4_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(Encoding.fromB64url(A4_SIGNATURE), signature);
    assertTrue(signer.publicKey().verify(A4_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII), signature));
  }

  @Test
  void verify_withOneFlippedByte_fails() throws Exception {
    Signer signer = Jwk.parse(RFC8037_PRIVATE).signer().orElseThrow();
    byte[] message = A4_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signer.sign(message);
    signature[10] ^= 1;
    assertFalse(signer.publicKey().verify(message, signature));
  }

  @Test
  void parse_badInputs_nameTheMember() {
    assertEquals("jwk.crv: must be \"Ed25519\"",
        assertThrows(CryptoException.class,
            () -> Jwk.parse("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AA\"}")).getMessage());
    assertEquals("jwk.x: invalid base64url",
        assertThrows(CryptoException.class,
            () -> Jwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"!!\"}")).getMessage());
    assertEquals("jwk.x: Ed25519 public key must be 32 bytes",
        assertThrows(CryptoException.class,
            () -> Jwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}")).getMessage());
    assertEquals("jwk.foo: unknown member",
        assertThrows(CryptoException.class,
            () -> Jwk.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"foo\":1}")).getMessage());
  }

  @Test
  void privateJson_roundTrips() throws Exception {
    Jwk generated = Jwk.generate("partner-a/agent-7");
    Jwk parsed = Jwk.parse(generated.toPrivateJson());
    assertEquals(generated.publicKey(), parsed.publicKey());
    assertEquals("partner-a/agent-7", parsed.kid());
    assertTrue(parsed.hasPrivate());
  }

  @Test
  void jws_signedAndTampered() throws Exception {
    Jwk key = Jwk.generate(null);
    Signer signer = key.signer().orElseThrow();
    String jws = Jws.sign(signer, "fxg-authz+jwt", java.util.Map.of("sub", "a/b"));
    Jws.Verified verified = Jws.verify(jws, "fxg-authz+jwt", kid -> kid.equals(key.kid()) ? key.publicKey() : null);
    assertEquals("a/b", verified.payload().get("sub").asText());
    String[] parts = jws.split("\\.");
    byte[] signature = Encoding.fromB64url(parts[2]);
    signature[0] ^= 1;
    String tampered = parts[0] + "." + parts[1] + "." + Encoding.b64url(signature);
    assertEquals("jws: bad signature",
        assertThrows(CryptoException.class,
            () -> Jws.verify(tampered, "fxg-authz+jwt", kid -> key.publicKey())).getMessage());
  }

  @Test
  void jcs_sortsKeysAndNormalisesNumbers() {
    assertEquals("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":1e+30}",
        new String(Jcs.canonicalizeText("{\"c\":1E30,\"b\":[true,null,\"x\"],\"a\":1.0}"), StandardCharsets.UTF_8));
  }

  @Test
  void dssePae_matchesSpecExample() {
    assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world",
        new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
  }
}
