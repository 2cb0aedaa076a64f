package io.fxg.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * This node's view of governance: the committed {@link PolicyPointer} (as replicated) and the
 * locally active {@link CompiledPolicy}. Decisions are taken only when the two name the same
 * bundle ({@link #synced()}); a caller that finds them apart waits with {@link #awaitSynced}.
 *
 * <p>Thread-safe: {@link PolicySync} writes (synchronized, rare), decisions read one volatile
 * {@link Snapshot} without locking. The committed version never goes backwards.
 */
public final class LocalPolicy {

  /**
   * One consistent view.
   *
   * @param committed the newest committed pointer this node knows; null when none (yet)
   * @param known whether the store has answered at least once (so a null committed means "none")
   * @param fault why no policy can be served (a broken policy chain), else null
   * @param active the compiled bundle this node decides with, or null
   * @param behindSinceNanos when this node last fell behind the committed version
   */
  public record Snapshot(
      PolicyPointer committed, boolean known, String fault, CompiledPolicy active,
      long behindSinceNanos) {

    /** The active policy equals the committed one: decisions may be taken. */
    public boolean synced() {
      return committed != null && committed.names(active);
    }

    /** The cluster has no usable policy at all: decisions deny at once. */
    public boolean noPolicy() {
      return known && committed == null;
    }
  }

  private final LongSupplier nanoTime;
  private volatile Snapshot snapshot;
  private final Set<CompletableFuture<Snapshot>> waiters = new HashSet<>();
  private final List<LongConsumer> activationListeners = new CopyOnWriteArrayList<>();

  public LocalPolicy() {
    this(System::nanoTime);
  }

  LocalPolicy(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.snapshot = new Snapshot(null, false, null, null, nanoTime.getAsLong());
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** The active policy when it is the committed one, else null. Lock-free. */
  public CompiledPolicy synced() {
    Snapshot s = snapshot;
    return s.synced() ? s.active() : null;
  }

  /**
   * Completes with the snapshot as soon as this node is synchronised or knows there is no policy;
   * after {@code timeout}, with whatever the snapshot then is.
   */
  public CompletableFuture<Snapshot> awaitSynced(Duration timeout) {
    CompletableFuture<Snapshot> waiter = new CompletableFuture<>();
    synchronized (this) {
      if (decidable(snapshot)) {
        return CompletableFuture.completedFuture(snapshot);
      }
      waiters.add(waiter);
    }
    waiter.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
    return waiter.thenApply(s -> {
      synchronized (this) {
        waiters.remove(waiter);
      }
      return s == null ? snapshot : s;
    });
  }

  /**
   * Healthy for readiness: synchronised, or sure that no policy exists, or behind for less than
   * {@code grace} (an install just committed and is being activated). Unknown is unhealthy.
   */
  public boolean healthy(Duration grace) {
    Snapshot s = snapshot;
    if (s.fault() != null || !s.known()) {
      return false;
    }
    return decidable(s) || nanoTime.getAsLong() - s.behindSinceNanos() < grace.toNanos();
  }

  /**
   * Tells {@code listener} the version of every newly activated bundle (for supervisors that
   * re-evaluate live executions under the new policy). Must not block.
   */
  public void onActivated(LongConsumer listener) {
    activationListeners.add(listener);
  }

  /** Records a committed pointer; an older one than already known is ignored. */
  synchronized void commit(PolicyPointer pointer) {
    Snapshot s = snapshot;
    if (s.committed() != null && pointer.version() <= s.committed().version()) {
      if (!s.known()) {
        update(new Snapshot(s.committed(), true, null, s.active(), s.behindSinceNanos()));
      }
      return;
    }
    update(new Snapshot(pointer, true, null, s.active(), s.behindSinceNanos()));
  }

  /** The store answered that nothing is installed; ignored once a pointer is known. */
  synchronized void noneInstalled() {
    Snapshot s = snapshot;
    if (s.committed() == null) {
      update(new Snapshot(null, true, null, s.active(), s.behindSinceNanos()));
    }
  }

  /** The store cannot serve a policy (broken chain): fail closed, drop the active bundle. */
  synchronized void fault(String fault) {
    update(new Snapshot(null, true, fault, null, snapshot.behindSinceNanos()));
  }

  /** Activates a compiled bundle; it also counts as committed (it came from the store). */
  synchronized void activate(CompiledPolicy policy) {
    Snapshot s = snapshot;
    PolicyPointer pointer = new PolicyPointer(policy.version(), policy.digest());
    PolicyPointer committed =
        s.committed() == null || s.committed().version() < policy.version() ? pointer : s.committed();
    update(new Snapshot(committed, true, null, policy, s.behindSinceNanos()));
    if (s.active() == null || !s.active().digest().equals(policy.digest())) {
      activationListeners.forEach(listener -> listener.accept(policy.version()));
    }
  }

  private void update(Snapshot next) {
    boolean wasBehind = !decidable(snapshot);
    long behindSince = decidable(next) || wasBehind ? next.behindSinceNanos() : nanoTime.getAsLong();
    snapshot = new Snapshot(next.committed(), next.known(), next.fault(), next.active(), behindSince);
    if (decidable(snapshot)) {
      List<CompletableFuture<Snapshot>> ready = new ArrayList<>(waiters);
      waiters.clear();
      Snapshot now = snapshot;
      ready.forEach(w -> w.complete(now));
    }
  }

  private static boolean decidable(Snapshot s) {
    return s.synced() || s.noPolicy();
  }
}
