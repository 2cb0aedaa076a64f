package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The node's committed/active view: synchronisation, waiting and readiness. */
class LocalPolicyTest {
  static final CompiledPolicy V3 = TestBundles.compile(TestBundles.BASE);
  static final CompiledPolicy V4 =
      TestBundles.compile(TestBundles.base().put("version", 4).toString());
  static final Duration GRACE = Duration.ofSeconds(2);

  final AtomicLong nanos = new AtomicLong();
  final LocalPolicy local = new LocalPolicy(nanos::get);

  @Test
  void start_isUnknownAndUnhealthy_untilStoreAnswers() {
    assertFalse(local.healthy(GRACE));
    assertFalse(local.snapshot().noPolicy());
    local.noneInstalled();
    assertTrue(local.snapshot().noPolicy());
    assertTrue(local.healthy(GRACE));
  }

  @Test
  void activate_committedVersion_isSynced() {
    local.commit(new PolicyPointer(3, V3.digest()));
    assertNull(local.synced());
    local.activate(V3);
    assertSame(V3, local.synced());
  }

  @Test
  void commit_olderVersion_isIgnored() {
    local.activate(V4);
    local.commit(new PolicyPointer(3, V3.digest()));
    assertEquals(4, local.snapshot().committed().version());
    assertSame(V4, local.synced());
  }

  @Test
  void behind_isHealthyOnlyWithinGrace() {
    local.activate(V3);
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
    local.commit(new PolicyPointer(4, V4.digest()));
    assertNull(local.synced());
    assertTrue(local.healthy(GRACE));
    nanos.addAndGet(GRACE.toNanos());
    assertFalse(local.healthy(GRACE));
    local.activate(V4);
    assertTrue(local.healthy(GRACE));
  }

  @Test
  void awaitSynced_completesOnActivation() throws Exception {
    local.activate(V3);
    local.commit(new PolicyPointer(4, V4.digest()));
    CompletableFuture<LocalPolicy.Snapshot> waiting = local.awaitSynced(Duration.ofSeconds(30));
    assertFalse(waiting.isDone());
    local.activate(V4);
    assertSame(V4, waiting.get(5, TimeUnit.SECONDS).active());
  }

  @Test
  void awaitSynced_timesOutWithBehindSnapshot() throws Exception {
    local.activate(V3);
    local.commit(new PolicyPointer(4, V4.digest()));
    LocalPolicy.Snapshot s = local.awaitSynced(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
    assertFalse(s.synced());
    assertEquals(4, s.committed().version());
  }

  @Test
  void fault_dropsActivePolicyAndIsUnhealthy() {
    local.activate(V3);
    local.fault("policy seq 1: broken");
    assertNull(local.synced());
    assertTrue(local.snapshot().noPolicy());
    assertFalse(local.healthy(GRACE));
  }
}
