package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyRateLimiterTest {
  @Test
  void tryAcquire_beyondBurst_refusesUntilRefilled() {
    AtomicLong now = new AtomicLong();
    KeyRateLimiter limiter = new KeyRateLimiter(2, 3, now::get);
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.tryAcquire("a/b"));
    }
    assertFalse(limiter.tryAcquire("a/b"));
    assertTrue(limiter.tryAcquire("a/c"), "buckets are per key");
    now.addAndGet(500_000_000L);
    assertTrue(limiter.tryAcquire("a/b"));
    assertFalse(limiter.tryAcquire("a/b"));
  }
}
