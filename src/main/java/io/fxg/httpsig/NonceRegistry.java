package io.fxg.httpsig;

import java.time.Instant;

/**
 * Remembers which nonces each key has used, so a signed request is accepted at most once within the
 * clock-skew window. The gateway's implementation is cluster-wide; {@link InMemoryNonceRegistry}
 * serves one process.
 */
@FunctionalInterface
public interface NonceRegistry {
  /**
   * Records the nonce for the key and answers whether this is its first use. Implementations keep
   * each entry at least until {@code created} plus the verifier's max skew, after which a replay is
   * refused as stale anyway. When unsure (full, unreachable) they answer {@code false}: fail
   * closed.
   */
  boolean firstUse(String keyId, String nonce, Instant created);
}
