package io.fxg.identity;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets on one node ({@code fxg.http.rate-limit-per-second} refill, {@code
 * rate-limit-burst} capacity). Only keys that verified are charged, so the map is bounded by the
 * registered keys, and a forger cannot spend an honest key's budget.
 */
public final class KeyRateLimiter {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  public KeyRateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  public static KeyRateLimiter create(double perSecond, double burst) {
    return new KeyRateLimiter(perSecond, burst, System::nanoTime);
  }

  /** Takes one token for the key; false when its bucket is empty. */
  public boolean tryAcquire(String keyId) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(keyId, k -> new Bucket(burst, now));
    synchronized (bucket) {
      double refill = (now - bucket.refilledAt) * perSecond / NANOS_PER_SECOND;
      bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, refill));
      bucket.refilledAt = now;
      if (bucket.tokens < 1) {
        return false;
      }
      bucket.tokens -= 1;
      return true;
    }
  }
}
