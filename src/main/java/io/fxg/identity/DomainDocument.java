package io.fxg.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Encoding;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.util.List;
import java.util.Map;

/**
 * A validated trust-domain document (SPEC section 5), as journaled: its principals with their
 * public keys and roles, its environments with endpoint, key, reference measurements and
 * attestation interval. Only {@link DomainDocuments#parse} makes one from outside input, so every
 * instance satisfies the id grammars and size limits there; keys are kept as base64url {@code x}.
 */
public record DomainDocument(String displayName, List<Principal> principals, List<Environment> environments)
    implements CborSerializable {

  public DomainDocument {
    principals = List.copyOf(principals);
    environments = List.copyOf(environments);
  }

  /** A principal: {@code id} is its part of the keyid {@code DOMAIN/id}. */
  public record Principal(String id, String x, List<String> roles) implements CborSerializable {
    public Principal {
      roles = List.copyOf(roles);
    }

    public Ed25519PublicKey publicKey() {
      return DomainDocument.key(x);
    }
  }

  /**
   * A target environment.
   *
   * @param endpoint base URL without trailing slash
   * @param referenceMeasurements name to {@code sha256:<hex>}, sorted by name
   * @param attestEverySeconds null when the document left it to {@code fxg.attestation.default-every}
   * @param kind null for the fxg target contract ({@code /fxg/execute}); {@link #MCP} for an MCP tool
   *     server reached at {@code {endpoint}/mcp} (SPEC section 14)
   */
  public record Environment(String id, String endpoint, String x, Map<String, String> referenceMeasurements,
      Integer attestEverySeconds, String kind) implements CborSerializable {
    /** The kind of an environment that is an upstream MCP tool server. */
    public static final String MCP = "mcp";

    public Environment {
      referenceMeasurements = Map.copyOf(referenceMeasurements);
    }

    /** An environment of the fxg target contract (no {@code kind}). */
    public Environment(String id, String endpoint, String x, Map<String, String> referenceMeasurements,
        Integer attestEverySeconds) {
      this(id, endpoint, x, referenceMeasurements, attestEverySeconds, null);
    }

    public boolean isMcp() {
      return MCP.equals(kind);
    }

    public Ed25519PublicKey publicKey() {
      return DomainDocument.key(x);
    }
  }

  /** The public JSON form (what {@code GET} and the federation bundle show), keys as JWKs. */
  public ObjectNode toJson(String domain) {
    ObjectNode json = Json.object();
    json.put("displayName", displayName);
    ArrayNode ps = json.putArray("principals");
    for (Principal p : principals) {
      ObjectNode node = ps.addObject();
      node.put("id", p.id());
      node.set("jwk", jwk(domain + "/" + p.id(), p.x()));
      p.roles().forEach(node.putArray("roles")::add);
    }
    ArrayNode es = json.putArray("environments");
    for (Environment e : environments) {
      ObjectNode node = es.addObject();
      node.put("id", e.id());
      node.put("endpoint", e.endpoint());
      node.set("jwk", jwk(domain + "/" + e.id(), e.x()));
      ObjectNode measurements = node.putObject("referenceMeasurements");
      new java.util.TreeMap<>(e.referenceMeasurements()).forEach(measurements::put);
      if (e.attestEverySeconds() != null) {
        node.put("attestEverySeconds", e.attestEverySeconds());
      }
      if (e.kind() != null) {
        node.put("kind", e.kind());
      }
    }
    return json;
  }

  /** {@code sha256:} of the JCS public form: what lineage records commit to. */
  public String digest(String domain) {
    return Digests.digestOfJson(toJson(domain));
  }

  private static ObjectNode jwk(String kid, String x) {
    ObjectNode jwk = Json.object();
    jwk.put("kty", "OKP");
    jwk.put("crv", "Ed25519");
    jwk.put("x", x);
    jwk.put("kid", kid);
    return jwk;
  }

  private static Ed25519PublicKey key(String x) {
    try {
      return Ed25519PublicKey.of(Encoding.fromB64url(x));
    } catch (CryptoException e) {
      throw new IllegalStateException("a parsed document holds only valid keys", e);
    }
  }
}
