package io.fxg.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * An Ed25519 JSON Web Key (RFC 7517, RFC 8037 {@code OKP}/{@code Ed25519}), public or with its
 * private part {@code d}. Anything else (other curves, bad base64url, wrong lengths, unknown
 * members) is refused with a message naming the member.
 */
public final class Jwk {
  private static final Set<String> MEMBERS = Set.of("kty", "crv", "x", "d", "kid", "use", "alg");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String kid;
  private final Ed25519PublicKey publicKey;
  private final byte[] seed;

  private Jwk(String kid, Ed25519PublicKey publicKey, byte[] seed) {
    this.kid = kid;
    this.publicKey = publicKey;
    this.seed = seed;
  }

  /** A fresh key pair; {@code kid} null means "use the RFC 7638 thumbprint". */
  public static Jwk generate(String kid) {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return fromSeed(kid, seed);
  }

  public static Jwk fromSeed(String kid, byte[] seed) {
    Signer signer = Signer.ed25519(kid, seed);
    Jwk thumbless = new Jwk(kid, signer.publicKey(), seed.clone());
    return kid == null ? thumbless.withKid(thumbless.thumbprint()) : thumbless;
  }

  public static Jwk ofPublic(String kid, Ed25519PublicKey key) {
    return new Jwk(kid, key, null);
  }

  public static Jwk parse(String json) throws CryptoException {
    try {
      return parse(Json.parse(json));
    } catch (java.io.IOException e) {
      throw new CryptoException("JWK is not valid JSON", e);
    }
  }

  public static Jwk parse(JsonNode node) throws CryptoException {
    if (node == null || !node.isObject()) {
      throw new CryptoException("jwk: must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw invalid(name, "unknown member", null);
      }
    }
    requireText(node, "kty", "OKP");
    requireText(node, "crv", "Ed25519");
    if (node.has("alg")) {
      requireText(node, "alg", "EdDSA");
    }
    byte[] x = decodeMember(node, "x");
    Ed25519PublicKey publicKey;
    try {
      publicKey = Ed25519PublicKey.of(x);
    } catch (CryptoException e) {
      throw invalid("x", e.getMessage(), e);
    }
    String kid = node.hasNonNull("kid") ? node.get("kid").asText() : null;
    if (!node.has("d")) {
      return new Jwk(kid, publicKey, null);
    }
    byte[] d = decodeMember(node, "d");
    if (d.length != 32) {
      throw invalid("d", "Ed25519 private key must be 32 bytes", null);
    }
    Jwk pair = new Jwk(kid, Signer.ed25519(kid, d).publicKey(), d);
    if (!pair.publicKey.equals(publicKey)) {
      throw invalid("x", "does not match the private key d", null);
    }
    return pair;
  }

  private static CryptoException invalid(String member, String problem, Throwable cause) {
    return CryptoException.ofMember("jwk", member, problem, cause);
  }

  private static void requireText(JsonNode node, String member, String expected)
      throws CryptoException {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual() || !expected.equals(value.asText())) {
      throw invalid(member, "must be \"" + expected + "\"", null);
    }
  }

  private static byte[] decodeMember(JsonNode node, String member) throws CryptoException {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw invalid(member, "missing", null);
    }
    try {
      return Encoding.fromB64url(value.asText());
    } catch (CryptoException e) {
      throw invalid(member, e.getMessage(), e);
    }
  }

  public Jwk withKid(String newKid) {
    return new Jwk(newKid, publicKey, seed);
  }

  public String kid() {
    return kid;
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  public boolean hasPrivate() {
    return seed != null;
  }

  public Optional<Signer> signer() {
    return seed == null ? Optional.empty() : Optional.of(Signer.ed25519(kid, seed));
  }

  public Jwk publicOnly() {
    return new Jwk(kid, publicKey, null);
  }

  /** RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order. */
  public String thumbprint() {
    String required =
        "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + Encoding.b64url(publicKey.raw()) + "\"}";
    return Encoding.b64url(Digests.sha256(required.getBytes(StandardCharsets.UTF_8)));
  }

  public ObjectNode toPublicJson() {
    ObjectNode node = Json.object();
    node.put("kty", "OKP");
    node.put("crv", "Ed25519");
    node.put("x", Encoding.b64url(publicKey.raw()));
    if (kid != null) {
      node.put("kid", kid);
    }
    return node;
  }

  public ObjectNode toPrivateJson() {
    if (seed == null) {
      throw new IllegalStateException("public-only JWK has no private part");
    }
    ObjectNode node = toPublicJson();
    node.put("d", Encoding.b64url(seed));
    return node;
  }
}
