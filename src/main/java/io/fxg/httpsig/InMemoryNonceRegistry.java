package io.fxg.httpsig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A bounded, process-local {@link NonceRegistry}. An entry lives until {@code created + window}
 * (the window is the verifier's max clock skew). When the registry holds {@code capacity} unexpired
 * entries it refuses further nonces rather than forgetting live ones, so a flood can deny service
 * but never open a replay.
 */
public final class InMemoryNonceRegistry implements NonceRegistry {
  /** Default number of live nonces held. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private record Entry(String key, Instant expiresAt) {}

  private final Clock clock;
  private final Duration window;
  private final int capacity;
  private final Map<String, Instant> live = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>((a, b) -> a.expiresAt().compareTo(b.expiresAt()));

  public InMemoryNonceRegistry(Clock clock, Duration window, int capacity) {
    if (window.isNegative() || capacity < 1) {
      throw new IllegalArgumentException("window must be >= 0 and capacity >= 1");
    }
    this.clock = clock;
    this.window = window;
    this.capacity = capacity;
  }

  /** A registry with the default window ({@link MessageVerifier#DEFAULT_MAX_SKEW}) and capacity. */
  public static InMemoryNonceRegistry create(Clock clock) {
    return new InMemoryNonceRegistry(clock, MessageVerifier.DEFAULT_MAX_SKEW, DEFAULT_CAPACITY);
  }

  @Override
  public synchronized boolean firstUse(String keyId, String nonce, Instant created) {
    Instant now = clock.instant();
    purgeExpired(now);
    // The key id cannot contain a line feed (sf-string is printable ASCII), so the pair is unique.
    String key = keyId + "\n" + nonce;
    if (live.containsKey(key)) {
      return false;
    }
    if (live.size() >= capacity) {
      return false;
    }
    Instant expiresAt = created.plus(window);
    Instant keepUntil = expiresAt.isAfter(now) ? expiresAt : now.plus(window);
    live.put(key, keepUntil);
    byExpiry.add(new Entry(key, keepUntil));
    return true;
  }

  /** Live entries, for metrics and tests. */
  public synchronized int size() {
    purgeExpired(clock.instant());
    return live.size();
  }

  private void purgeExpired(Instant now) {
    while (!byExpiry.isEmpty() && !byExpiry.peek().expiresAt().isAfter(now)) {
      live.remove(byExpiry.poll().key());
    }
  }
}
