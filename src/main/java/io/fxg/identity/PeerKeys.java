package io.fxg.identity;

import io.fxg.crypto.Ed25519PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** A registered peer's gateway keys by kid, as its artifacts verify against them. */
public final class PeerKeys {
  private PeerKeys() {}

  /** The keys of peer {@code name}; empty when it is unknown or removed (nothing of it verifies). */
  public static Map<String, Ed25519PublicKey> of(TrustView view, String name) {
    return view.peer(name).filter(p -> !p.removed()).map(p -> {
      Map<String, Ed25519PublicKey> keys = new LinkedHashMap<>();
      p.document().keys().forEach(k -> keys.put(k.kid(), k.publicKey()));
      return Map.copyOf(keys);
    }).orElse(Map.of());
  }
}
