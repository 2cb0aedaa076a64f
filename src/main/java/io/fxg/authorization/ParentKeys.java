package io.fxg.authorization;

import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.execution.ExecutionIntent;
import java.util.Map;

/**
 * The keys a parent artifact must verify against: this gateway's own (current and retired) for a
 * child delegated here, the origin peer's pinned gateway keys for an execution a peer forwarded
 * (SPEC section 13); an empty map refuses the parent.
 */
@FunctionalInterface
public interface ParentKeys {
  Map<String, Ed25519PublicKey> forIntent(ExecutionIntent intent);

  /** Only this gateway's keys: no peer's parent artifact verifies. */
  static ParentKeys own(Map<String, Ed25519PublicKey> gatewayKeys) {
    Map<String, Ed25519PublicKey> copy = Map.copyOf(gatewayKeys);
    return intent -> intent.forwardedFrom() == null ? copy : Map.of();
  }
}
