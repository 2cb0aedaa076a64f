package io.fxg.environment;

import io.fxg.crypto.Digests;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment's current measurements (name to {@code sha256:<hex>}), attested on each
 * challenge. Mutable at runtime so an operator or a demo can change one and watch attestation fail.
 * Thread-safe.
 */
public final class Measurements {
  private final Map<String, String> values = new ConcurrentHashMap<>();

  public Measurements(Map<String, String> initial) {
    initial.forEach(this::put);
  }

  /** Sets a measurement; the value must be a {@code sha256:<64 lowercase hex>} digest string. */
  public void put(String name, String digest) {
    if (name == null || name.isEmpty() || !Digests.isDigestString(digest)) {
      throw new IllegalArgumentException("a measurement is a name and a sha256:<hex> digest");
    }
    values.put(name, digest);
  }

  public void remove(String name) {
    values.remove(name);
  }

  /** A sorted copy of the current values. */
  public Map<String, String> snapshot() {
    return Map.copyOf(new TreeMap<>(values));
  }
}
