package io.fxg.httpsig;

import io.fxg.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryNonceRegistryTest {
  static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
  final MutableClock clock = new MutableClock(T0);

  @Test
  void firstUse_sameKeyAndNonceTwice_isRefusedTheSecondTime() {
    InMemoryNonceRegistry registry = new InMemoryNonceRegistry(clock, Duration.ofSeconds(300), 10);
    assertTrue(registry.firstUse("a/b", "n1", T0));
    assertFalse(registry.firstUse("a/b", "n1", T0));
  }

  @Test
  void firstUse_sameNonceOtherKey_isAccepted() {
    InMemoryNonceRegistry registry = new InMemoryNonceRegistry(clock, Duration.ofSeconds(300), 10);
    assertTrue(registry.firstUse("a/b", "n1", T0));
    assertTrue(registry.firstUse("a/c", "n1", T0));
  }

  @Test
  void firstUse_afterWindow_forgetsTheNonce() {
    InMemoryNonceRegistry registry = new InMemoryNonceRegistry(clock, Duration.ofSeconds(300), 10);
    assertTrue(registry.firstUse("a/b", "n1", T0));
    clock.advance(Duration.ofSeconds(299));
    assertFalse(registry.firstUse("a/b", "n1", T0));
    assertEquals(1, registry.size());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(0, registry.size());
    assertTrue(registry.firstUse("a/b", "n1", T0));
  }

  @Test
  void firstUse_futureCreated_isKeptUntilCreatedPlusWindow() {
    InMemoryNonceRegistry registry = new InMemoryNonceRegistry(clock, Duration.ofSeconds(300), 10);
    assertTrue(registry.firstUse("a/b", "n1", T0.plusSeconds(300)));
    clock.advance(Duration.ofSeconds(599));
    assertFalse(registry.firstUse("a/b", "n1", T0.plusSeconds(300)));
  }

  @Test
  void firstUse_whenFullOfLiveNonces_failsClosed() {
    InMemoryNonceRegistry registry = new InMemoryNonceRegistry(clock, Duration.ofSeconds(300), 2);
    assertTrue(registry.firstUse("a/b", "n1", T0));
    assertTrue(registry.firstUse("a/b", "n2", T0.plusSeconds(10)));
    assertFalse(registry.firstUse("a/b", "n3", T0));
    clock.advance(Duration.ofSeconds(300));
    assertTrue(registry.firstUse("a/b", "n3", T0.plusSeconds(300)));
    assertFalse(registry.firstUse("a/b", "n2", T0.plusSeconds(10)));
  }
}
