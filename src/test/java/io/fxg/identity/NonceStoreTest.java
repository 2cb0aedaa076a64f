package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The durable nonce table on H2: first use wins once, across stores (nodes), until it expires. */
class NonceStoreTest {
  static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
  static final Instant EXPIRES = NOW.plusSeconds(360);
  NonceStore store;
  String url;

  @BeforeEach
  void open() {
    url = "jdbc:h2:mem:nonces-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    store = NonceStore.open(url, "fxg", "", 2, Duration.ofSeconds(1));
    store.createSchema();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void claim_firstTime_isFirstUse() {
    assertTrue(store.claim("acme/agent", "n-1", EXPIRES, NOW));
  }

  @Test
  void claim_twice_isRefused() {
    assertTrue(store.claim("acme/agent", "n-1", EXPIRES, NOW));
    assertFalse(store.claim("acme/agent", "n-1", EXPIRES, NOW.plusSeconds(1)));
  }

  @Test
  void claim_sameNonceOtherKey_isFirstUse() {
    assertTrue(store.claim("acme/agent", "n-1", EXPIRES, NOW));
    assertTrue(store.claim("acme/other", "n-1", EXPIRES, NOW));
  }

  @Test
  void claim_onSecondStoreOverSameDatabase_isRefused() {
    assertTrue(store.claim("acme/agent", "n-1", EXPIRES, NOW));
    try (NonceStore otherNode = NonceStore.open(url, "fxg", "", 2, Duration.ofSeconds(1))) {
      otherNode.createSchema();
      assertFalse(otherNode.claim("acme/agent", "n-1", EXPIRES, NOW));
    }
  }

  @Test
  void claim_afterExpiry_isFirstUseAgain() {
    assertTrue(store.claim("acme/agent", "n-1", EXPIRES, NOW));
    assertFalse(store.claim("acme/agent", "n-1", EXPIRES, EXPIRES));
    assertTrue(store.claim("acme/agent", "n-1", EXPIRES.plusSeconds(400), EXPIRES.plusSeconds(1)));
  }

  @Test
  void claim_longNonce_isStoredByDigestAndRefusedTwice() {
    String nonce = "x".repeat(NonceStore.MAX_STORED + 1);
    assertTrue(store.claim("acme/agent", nonce, EXPIRES, NOW));
    assertFalse(store.claim("acme/agent", nonce, EXPIRES, NOW));
  }

  @Test
  void claim_concurrentSameNonce_exactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claims.add(() -> store.claim("acme/agent", "race", EXPIRES, NOW));
      }
      int wins = 0;
      for (Future<Boolean> claim : pool.invokeAll(claims)) {
        wins += claim.get() ? 1 : 0;
      }
      assertEquals(1, wins);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deleteExpired_removesOnlyExpiredRows() {
    store.claim("acme/agent", "old", NOW.minusSeconds(1), NOW.minusSeconds(400));
    store.claim("acme/agent", "live", EXPIRES, NOW);
    assertEquals(1, store.deleteExpired(NOW));
    assertEquals(1, store.size());
    assertFalse(store.claim("acme/agent", "live", EXPIRES, NOW));
  }

  @Test
  void claim_databaseDown_throwsUnavailable() throws Exception {
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    try (NonceStore remote = NonceStore.open("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:nonces-"
        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "fxg", "", 2, Duration.ofMillis(500))) {
      remote.createSchema();
      assertTrue(remote.claim("acme/agent", "n-1", EXPIRES, NOW));
      server.stop();
      assertThrows(NonceStore.Unavailable.class, () -> remote.claim("acme/agent", "n-2", EXPIRES, NOW));
      assertThrows(NonceStore.Unavailable.class, () -> remote.claim("acme/agent", "n-1", EXPIRES, NOW));
    } finally {
      server.stop();
    }
  }
}
