package io.fxg.bench;

import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.ExecutionObserver;
import io.fxg.execution.IssuedArtifact;
import io.fxg.lineage.LineageRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Watches the node's lineage records as they are journaled (an {@link ExecutionObserver} added to
 * the node's own): the time from a tracked submit to its {@code proof.persisted} record, and the
 * {@code execution.interrupted} records of the revocation run. Never blocks the entity that calls.
 */
final class LifecycleProbe implements ExecutionObserver {
  /** Proofs seen before the client registered the execution (rare race); bounded. */
  private static final int MAX_EARLY = 10_000;

  private record Tracked(long submittedNanos, Histogram proofLatency, LongAdder proven) {}

  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, Long> early = new ConcurrentHashMap<>();
  private final LongAdder records = new LongAdder();
  private final LongAdder proofs = new LongAdder();
  private final LongAdder interrupted = new LongAdder();
  private final AtomicLong lastInterruptedNanos = new AtomicLong();
  private final Map<String, LongAdder> ended = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
  private final java.util.Queue<Long> interruptions = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean keepInterruptions;
  /** When each live execution's latest record was journaled, for the per-step breakdown. */
  private final Map<String, Long> lastRecordNanos = new ConcurrentHashMap<>();
  private final Map<String, Histogram> stepMicros = new ConcurrentHashMap<>();
  private static final int MAX_STEPS_TRACKED = 200_000;

  /** Counts into {@code proven} and records submit→proof.persisted (µs) once the proof is journaled. */
  void track(String executionId, long submittedNanos, Histogram proofLatency, LongAdder proven) {
    Long provenAt = early.remove(executionId);
    if (provenAt != null) {
      proofLatency.recordValue(Math.max(0, (provenAt - submittedNanos) / 1000));
      proven.increment();
      return;
    }
    tracked.put(executionId, new Tracked(submittedNanos, proofLatency, proven));
  }

  static Histogram histogram() {
    return new ConcurrentHistogram(3_600_000_000L, 3);
  }

  /** Executions tracked whose proof has not been journaled yet. */
  int awaitingProof() {
    return tracked.size();
  }

  /** Forgets tracked executions (after a drain deadline), returning how many were still waiting. */
  int forgetAwaiting() {
    int n = tracked.size();
    tracked.clear();
    early.clear();
    lastRecordNanos.clear();
    return n;
  }

  long records() {
    return records.sum();
  }

  long proofs() {
    return proofs.sum();
  }

  long interrupted() {
    return interrupted.sum();
  }

  long lastInterruptedNanos() {
    return lastInterruptedNanos.get();
  }

  /**
   * Per record type: microseconds from the execution's previous record being journaled to this one
   * (the step's own work, its round trips and its journal write), since the last reset.
   */
  Map<String, Histogram> steps() {
    return new java.util.TreeMap<>(stepMicros);
  }

  void resetSteps() {
    stepMicros.clear();
  }

  /** Records of this type journaled so far. */
  long count(String type) {
    LongAdder n = byType.get(type);
    return n == null ? 0 : n.sum();
  }

  /** From now on the time of every {@code execution.interrupted} record is kept (revocation run). */
  void keepInterruptionTimes() {
    interruptions.clear();
    keepInterruptions = true;
  }

  java.util.List<Long> interruptionTimes() {
    return new java.util.ArrayList<>(interruptions);
  }

  long ended(String status) {
    LongAdder n = ended.get(status);
    return n == null ? 0 : n.sum();
  }

  @Override
  public void live(ExecutionIntent intent, IssuedArtifact artifact) {}

  @Override
  public void ended(String executionId, String status) {
    ended.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  @Override
  public void recorded(LineageRecord record, LineageRecord previous) {
    records.increment();
    String type = record.type();
    byType.computeIfAbsent(type, t -> new LongAdder()).increment();
    long at = System.nanoTime();
    if (record.executionId() != null) {
      Long before = previous == null ? null : lastRecordNanos.get(record.executionId());
      if (before != null) {
        stepMicros.computeIfAbsent(type, t -> histogram()).recordValue(Math.max(0, (at - before) / 1000));
      }
      if ("proof.persisted".equals(type)) {
        lastRecordNanos.remove(record.executionId());
      } else if (lastRecordNanos.size() < MAX_STEPS_TRACKED) {
        lastRecordNanos.put(record.executionId(), at);
      }
    }
    if ("proof.persisted".equals(type)) {
      long now = System.nanoTime();
      proofs.increment();
      Tracked t = tracked.remove(record.executionId());
      if (t != null) {
        t.proofLatency().recordValue(Math.max(0, (now - t.submittedNanos()) / 1000));
        t.proven().increment();
      } else if (early.size() < MAX_EARLY) {
        early.put(record.executionId(), now);
      }
    } else if ("execution.interrupted".equals(type)) {
      long now = System.nanoTime();
      interrupted.increment();
      lastInterruptedNanos.accumulateAndGet(now, Math::max);
      if (keepInterruptions) {
        interruptions.add(now);
      }
    }
  }
}
