package io.fxg.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * JWS compact serialization (RFC 7515) with {@code alg: EdDSA} (RFC 8037). Header and payload are
 * JCS-encoded so the signed bytes are canonical.
 */
public final class Jws {
  /** Parsed and signature-checked JWS. */
  public record Verified(JsonNode header, JsonNode payload, String keyId) {}

  private Jws() {}

  public static String sign(Signer signer, String typ, Object payload) {
    ObjectNode header = Json.object();
    header.put("alg", "EdDSA");
    header.put("typ", typ);
    header.put("kid", signer.keyId());
    String signingInput =
        Encoding.b64url(Jcs.canonicalize(header)) + "." + Encoding.b64url(Jcs.canonicalize(payload));
    byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + Encoding.b64url(signature);
  }

  /** Decodes the payload without checking the signature, for routing and display only. */
  public static JsonNode unverifiedPayload(String compact) throws CryptoException {
    return decodePart(parts(compact)[1], "payload");
  }

  public static JsonNode unverifiedHeader(String compact) throws CryptoException {
    return decodePart(parts(compact)[0], "header");
  }

  /**
   * Checks the compact JWS: {@code alg} EdDSA, the expected {@code typ}, a {@code kid} the resolver
   * knows (null from the resolver means unknown), and the signature.
   */
  public static Verified verify(
      String compact, String expectedTyp, Function<String, Ed25519PublicKey> keyResolver)
      throws CryptoException {
    String[] parts = parts(compact);
    JsonNode header = decodePart(parts[0], "header");
    if (!"EdDSA".equals(header.path("alg").asText())) {
      throw new CryptoException("jws: alg must be EdDSA");
    }
    if (expectedTyp != null && !expectedTyp.equals(header.path("typ").asText())) {
      throw new CryptoException("jws: typ must be " + expectedTyp);
    }
    String kid = header.path("kid").asText(null);
    if (kid == null) {
      throw new CryptoException("jws: kid missing");
    }
    Ed25519PublicKey key = keyResolver.apply(kid);
    if (key == null) {
      throw new CryptoException("jws: unknown kid " + kid);
    }
    byte[] signature = Encoding.fromB64url(parts[2]);
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!key.verify(signingInput, signature)) {
      throw new CryptoException("jws: bad signature");
    }
    return new Verified(header, decodePart(parts[1], "payload"), kid);
  }

  private static String[] parts(String compact) throws CryptoException {
    if (compact == null) {
      throw new CryptoException("jws: missing");
    }
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      throw new CryptoException("jws: compact serialization has three parts");
    }
    return parts;
  }

  private static JsonNode decodePart(String part, String name) throws CryptoException {
    try {
      JsonNode node = Json.parse(Encoding.fromB64url(part));
      if (!node.isObject()) {
        throw new CryptoException("jws: " + name + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new CryptoException("jws: " + name + " is not JSON", e);
    }
  }
}
