package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's public keys from a JWK Set ({@code /.well-known/jwks.json}, RFC 7517 section 5),
 * findable by {@code kid} and by RFC 7638 thumbprint (the gateway's RFC 9421 {@code keyid}).
 * Immutable.
 */
public final class JwksKeys {
  /** Most keys accepted in one set. */
  public static final int MAX_KEYS = 64;

  private final Map<String, Ed25519PublicKey> byId;

  private JwksKeys(Map<String, Ed25519PublicKey> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** The set holding exactly these keys. */
  public static JwksKeys of(Collection<Jwk> keys) {
    Map<String, Ed25519PublicKey> byId = new HashMap<>();
    for (Jwk key : keys) {
      byId.put(key.thumbprint(), key.publicKey());
      if (key.kid() != null) {
        byId.put(key.kid(), key.publicKey());
      }
    }
    return new JwksKeys(byId);
  }

  public static JwksKeys of(Jwk... keys) {
    return of(List.of(keys));
  }

  /** Parses {@code {"keys": [...]}}; every key must be an Ed25519 public JWK. */
  public static JwksKeys parse(String json) throws CryptoException {
    try {
      return parse(Json.parse(json));
    } catch (IOException e) {
      throw new CryptoException("jwks: not valid JSON", e);
    }
  }

  public static JwksKeys parse(JsonNode document) throws CryptoException {
    JsonNode keys = document == null ? null : document.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new CryptoException("jwks.keys: must be an array");
    }
    if (keys.size() > MAX_KEYS) {
      throw new CryptoException("jwks.keys: more than " + MAX_KEYS + " keys");
    }
    List<Jwk> parsed = new java.util.ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      try {
        Jwk key = Jwk.parse(keys.get(i));
        if (key.hasPrivate()) {
          throw new CryptoException("jwk.d: a key set must not hold private keys");
        }
        parsed.add(key);
      } catch (CryptoException e) {
        throw new CryptoException("jwks.keys[" + i + "]: " + e.getMessage(), e);
      }
    }
    return of(parsed);
  }

  /** The key with this {@code kid} or thumbprint. */
  public Optional<Ed25519PublicKey> find(String keyId) {
    return keyId == null ? Optional.empty() : Optional.ofNullable(byId.get(keyId));
  }
}
