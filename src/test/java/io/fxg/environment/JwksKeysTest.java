package io.fxg.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import org.junit.jupiter.api.Test;

class JwksKeysTest {

  @Test
  void parse_jwksDocument_findsKeysByKidAndThumbprint() throws Exception {
    Jwk current = Jwk.generate("gw-2026-11");
    Jwk retired = Jwk.generate(null);
    ObjectNode document = Json.object();
    ArrayNode keys = document.putArray("keys");
    keys.add(current.toPublicJson());
    keys.add(retired.toPublicJson());
    JwksKeys jwks = JwksKeys.parse(Json.write(document));
    assertEquals(current.publicKey(), jwks.find("gw-2026-11").orElseThrow());
    assertEquals(current.publicKey(), jwks.find(current.thumbprint()).orElseThrow());
    assertEquals(retired.publicKey(), jwks.find(retired.thumbprint()).orElseThrow());
    assertTrue(jwks.find("nope").isEmpty());
    assertTrue(jwks.find(null).isEmpty());
  }

  @Test
  void parse_badDocuments_nameTheProblem() {
    assertEquals("jwks.keys: must be an array", error("{}"));
    assertEquals("jwks: not valid JSON", error("{"));
    Jwk key = Jwk.generate("k");
    assertEquals(
        "jwks.keys[0]: jwk.d: a key set must not hold private keys",
        error("{\"keys\":[" + Json.write(key.toPrivateJson()) + "]}"));
    assertEquals(
        "jwks.keys[0]: jwk.crv: must be \"Ed25519\"",
        error("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AA\"}]}"));
    String many = ",{}".repeat(JwksKeys.MAX_KEYS).substring(1);
    assertEquals("jwks.keys: more than 64 keys", error("{\"keys\":[" + many + ",{}]}"));
  }

  private static String error(String json) {
    return assertThrows(CryptoException.class, () -> JwksKeys.parse(json)).getMessage();
  }
}
