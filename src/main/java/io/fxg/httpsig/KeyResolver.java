package io.fxg.httpsig;

import io.fxg.crypto.Ed25519PublicKey;
import java.util.Map;

/**
 * Finds the public key for a {@code keyid}, or says why it may not be used. Implementations read
 * the current trust state (registered domains, revocations, suspensions); they must not block for
 * long, because verification runs on the request path.
 */
@FunctionalInterface
public interface KeyResolver {
  KeyLookup resolve(String keyId);

  /** A resolver over a fixed map; keys not in it are unknown. */
  static KeyResolver of(Map<String, Ed25519PublicKey> keys) {
    Map<String, Ed25519PublicKey> copy = Map.copyOf(keys);
    return keyId -> {
      Ed25519PublicKey key = copy.get(keyId);
      return key == null ? KeyLookup.unknown() : KeyLookup.found(key);
    };
  }

  /** The outcome of a key lookup: a usable key, or a refusal naming why. */
  sealed interface KeyLookup permits KeyLookup.Found, KeyLookup.Refused {
    static KeyLookup found(Ed25519PublicKey key) {
      return new Found(key);
    }

    static KeyLookup unknown() {
      return new Refused(SignatureFailure.UNKNOWN_KEY, "no registered key has this keyid");
    }

    static KeyLookup revoked(String detail) {
      return new Refused(SignatureFailure.REVOKED_KEY, detail);
    }

    static KeyLookup suspendedDomain(String detail) {
      return new Refused(SignatureFailure.SUSPENDED_DOMAIN, detail);
    }

    /** The key may be used. */
    record Found(Ed25519PublicKey key) implements KeyLookup {
      public Found {
        if (key == null) {
          throw new IllegalArgumentException("key is required");
        }
      }
    }

    /** The key may not be used: unknown, revoked, or its domain suspended. */
    record Refused(SignatureFailure reason, String detail) implements KeyLookup {
      public Refused {
        if (reason != SignatureFailure.UNKNOWN_KEY
            && reason != SignatureFailure.REVOKED_KEY
            && reason != SignatureFailure.SUSPENDED_DOMAIN) {
          throw new IllegalArgumentException("not a key refusal: " + reason);
        }
      }
    }
  }
}
