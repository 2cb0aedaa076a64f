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

/**
 * A validated peer-gateway document (SPEC section 13), as journaled: another, independent fxg
 * deployment this gateway federates with. Only {@code PeerDocuments.parse} makes one from outside
 * input, so every instance satisfies the limits there.
 *
 * @param url the peer's base URL (http or https, no trailing slash)
 * @param keys the peer's gateway signing keys (its {@code /.well-known/jwks.json}), the first one its
 *     current key: what {@code gateway/NAME} signatures and the peer's artifacts verify against
 * @param logKey the peer log's verifier key, {@code <origin>+<keyhash>+<base64(0x01 || key)>}
 * @param witnessKey the peer's witness verifier key ({@code <name>+<keyhash>+<base64(0x04 || key)>}),
 *     null when the peer does not witness this gateway's log
 * @param domains the trust domains the peer governs: executions targeting them are forwarded there
 */
public record PeerDocument(String url, List<GatewayKey> keys, String logKey, String witnessKey, List<String> domains)
    implements CborSerializable {

  public PeerDocument {
    keys = List.copyOf(keys);
    domains = List.copyOf(domains);
  }

  /** One of the peer's gateway keys: its JWK {@code kid} (RFC 7638 thumbprint) and base64url {@code x}. */
  public record GatewayKey(String kid, String x) implements CborSerializable {
    public Ed25519PublicKey publicKey() {
      try {
        return Ed25519PublicKey.of(Encoding.fromB64url(x));
      } catch (CryptoException e) {
        throw new IllegalStateException("a parsed peer document holds only valid keys", e);
      }
    }
  }

  /** The peer's current gateway key: the one its {@code gateway/NAME} requests are signed with. */
  public GatewayKey currentKey() {
    return keys.get(0);
  }

  /** The public JSON form, as {@code PUT} takes it and {@code GET} shows it. */
  public ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("url", url);
    ArrayNode jwks = json.putObject("jwks").putArray("keys");
    for (GatewayKey key : keys) {
      jwks.addObject().put("kty", "OKP").put("crv", "Ed25519").put("x", key.x()).put("kid", key.kid());
    }
    json.put("logKey", logKey);
    if (witnessKey != null) {
      json.put("witnessKey", witnessKey);
    }
    domains.forEach(json.putArray("domains")::add);
    return json;
  }

  /** {@code sha256:} of the JCS public form: what lineage records commit to. */
  public String digest() {
    return Digests.digestOfJson(toJson());
  }
}
