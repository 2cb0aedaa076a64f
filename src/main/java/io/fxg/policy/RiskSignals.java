package io.fxg.policy;

import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import io.fxg.projection.Projection;
import io.fxg.projection.ProjectionSnapshots;
import io.fxg.projection.ProjectionStatus;
import io.fxg.projection.ProjectionStore;
import io.fxg.projection.ProjectionStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The principal-side inputs of {@link RiskScore}: how many of a principal's executions were
 * denied, and how many interrupted, within the last {@code window} (default 15 minutes).
 *
 * <p>Node-local but computed the same way on every node: each node follows the journal's {@code
 * lineage} tag in journal order ({@link #follow}), learns each execution's caller from its {@code
 * intent.received} record, and counts by the records' own {@code at} times, so two nodes that have
 * read the same journal prefix give the same counts at the same instant.
 *
 * <p>What counts, so that a principal's risk reflects what it asked for and not the gateway's own
 * state: {@code execution.denied} at phase 2 or 3 unless the reason is {@code governance.*} (the
 * node was unsynchronised or had no policy); {@code execution.interrupted} unless the reason is
 * {@code cancelled} (the caller's own cancel) or {@code governance.partitioned} (node health).
 *
 * <p>Resumes: every save interval it stores what the counts need (the callers of live executions,
 * each principal's signal times) with the ordering they were folded up to (one row, {@value
 * #PROJECTION}); a start restores them and reads only the journal after it. Any node's snapshot
 * serves every node (they fold the same journal alike); one kept for a shorter window, of an
 * unknown version or undecodable is not restored, and the journal is read from its beginning.
 * Until it has folded the journal as it stood at the start ({@link ProjectionStatus#caughtUp()})
 * the counts are low, so the node is not ready (fail closed).
 *
 * <p>Thread-safe: one stream writes, decisions read. Bounded: the callers of live executions only
 * (forgotten at their terminal record; at most {@value #MAX_EXECUTIONS}) and {@value #MAX_PRINCIPALS} principals are remembered, and per principal
 * at most {@value #MAX_EVENTS} timestamps of each kind (the score saturates long before).
 */
public final class RiskSignals {
  public static final int MAX_EXECUTIONS = 100_000;
  public static final int MAX_PRINCIPALS = 100_000;
  public static final int MAX_EVENTS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(RiskSignals.class);

  /** The projection's row in the snapshot store. */
  public static final String PROJECTION = "risk-signals";
  /** The format of {@link Snapshot}; a stored snapshot of any other version is not restored. */
  public static final int SNAPSHOT_VERSION = 1;

  /**
   * The stored state.
   *
   * @param windowMillis the window it was kept for
   * @param callers the callers of live executions, oldest first
   * @param denials per principal, the times (epoch millis) of its counted denials, oldest first
   * @param interruptions likewise for interruptions
   */
  public record Snapshot(long windowMillis, List<CallerOf> callers, Map<String, List<Long>> denials,
      Map<String, List<Long>> interruptions) {}

  /** The caller of a live execution. */
  public record CallerOf(String executionId, String caller) {}

  private final Duration window;
  private final Clock clock;
  private final Map<String, String> callerOf = Collections.synchronizedMap(
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_EXECUTIONS;
        }
      });
  private final ConcurrentHashMap<String, Window> denials = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Window> interruptions = new ConcurrentHashMap<>();
  /** The last journal ordering folded (written by the stream only), and the last one handed to the store. */
  private volatile long folded;
  private final AtomicLong saved = new AtomicLong();

  public RiskSignals(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** Denials of the principal ({@code DOMAIN/PRINCIPAL}) within the window. */
  public int recentDenials(String principal) {
    Window w = denials.get(principal);
    return w == null ? 0 : w.count(cutoff());
  }

  /** Interruptions of the principal's executions within the window. */
  public int recentInterruptions(String principal) {
    Window w = interruptions.get(principal);
    return w == null ? 0 : w.count(cutoff());
  }

  /**
   * Restores the stored snapshot (when usable), then follows the lineage tag after it, restarting
   * with backoff on failure; saves every save interval and once caught up.
   */
  public void follow(ActorSystem<?> system, Projection projection, ProjectionStatus status) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    CompletableFuture.supplyAsync(() -> ProjectionSnapshots.load(projection.store(), projection.name(),
            SNAPSHOT_VERSION, Snapshot.class), blocking)
        .exceptionally(error -> java.util.Optional.empty())
        .thenAccept(restored -> {
          long after = restored.isPresent() && restore(restored.get().state()) ? restored.get().ordering() : 0;
          folded = after;
          saved.set(after);
          ProjectionStream.run(system, projection, after, status, item -> {
            if (item instanceof EventEnvelope envelope) {
              if (envelope.event() instanceof Lineaged lineaged) {
                observe(lineaged.record());
              }
              folded = ProjectionStream.ordering(envelope);
            } else if (item == ProjectionStream.Signal.CAUGHT_UP) {
              status.reachedEnd();
              LOG.info("risk signals: caught up with the journal at ordering {} after {} ms, {} records read since"
                  + " the start (resumed after ordering {})", folded, status.caughtUpMillis(), status.read(),
                  status.resumedFrom());
              save(projection, blocking);
            } else {
              save(projection, blocking);
            }
          });
        });
  }

  /** The state as stored: deterministic (principals sorted), expired times left out. */
  public Snapshot snapshot() {
    List<CallerOf> callers = new ArrayList<>();
    synchronized (callerOf) {
      callerOf.forEach((id, caller) -> callers.add(new CallerOf(id, caller)));
    }
    long cutoff = cutoff();
    return new Snapshot(window.toMillis(), callers, times(denials, cutoff), times(interruptions, cutoff));
  }

  private static Map<String, List<Long>> times(Map<String, Window> windows, long cutoff) {
    Map<String, List<Long>> times = new TreeMap<>();
    windows.forEach((principal, w) -> {
      List<Long> kept = w.times(cutoff);
      if (!kept.isEmpty()) {
        times.put(principal, kept);
      }
    });
    return times;
  }

  /** Takes a stored state in, before the stream starts; false (nothing taken) when it does not fit. */
  private boolean restore(Snapshot snapshot) {
    if (snapshot.windowMillis() < window.toMillis()) {
      LOG.warn("risk signals: the stored snapshot kept a {} ms window, this node's is {} ms; reading the whole"
          + " journal", snapshot.windowMillis(), window.toMillis());
      return false;
    }
    snapshot.callers().forEach(c -> callerOf.put(c.executionId(), c.caller()));
    long cutoff = cutoff();
    snapshot.denials().forEach((principal, times) -> times.forEach(at -> denials.computeIfAbsent(principal,
        k -> new Window()).add(at, cutoff)));
    snapshot.interruptions().forEach((principal, times) -> times.forEach(at -> interruptions.computeIfAbsent(
        principal, k -> new Window()).add(at, cutoff)));
    LOG.info("risk signals: restored {} live executions' callers, {} principals with denials and {} with"
        + " interruptions", callerOf.size(), denials.size(), interruptions.size());
    return true;
  }

  /** Hands the state and its ordering to the store, off the stream; nothing when nothing changed. */
  private void save(Projection projection, Executor blocking) {
    long ordering = folded;
    if (ordering <= saved.get()) {
      return;
    }
    byte[] state = ProjectionSnapshots.encode(snapshot());
    saved.set(ordering);
    CompletableFuture.runAsync(() -> projection.store().save(projection.name(),
        new ProjectionStore.Stored(ordering, SNAPSHOT_VERSION, state)), blocking).whenComplete((done, error) -> {
          if (error != null) {
            LOG.warn("risk signals: snapshot at ordering {} not stored ({}); retrying at the next save", ordering,
                error.getMessage());
            saved.accumulateAndGet(ordering - 1, Math::min);
          }
        });
  }

  /** Takes one lineage record into account; records of other types are ignored. */
  public void observe(LineageRecord record) {
    switch (record.type()) {
      case "intent.received" -> callerOf.put(record.executionId(), record.data().path("caller").asText());
      case "execution.denied" -> {
        String reason = record.data().path("reason").asText("");
        if (record.phase() <= 3 && !reason.startsWith("governance.")) {
          add(denials, record);
        }
      }
      case "execution.interrupted" -> {
        String reason = record.data().path("reason").asText("");
        if (!reason.equals("cancelled") && !reason.equals("governance.partitioned")) {
          add(interruptions, record);
        }
      }
      default -> { }
    }
    if (io.fxg.execution.Execution.TERMINAL_TYPES.contains(record.type())) {
      // Nothing is attributed to a finished execution any more: the map holds live ones only.
      callerOf.remove(record.executionId());
    }
  }


  private void add(ConcurrentHashMap<String, Window> windows, LineageRecord record) {
    String caller = callerOf.get(record.executionId());
    long at;
    try {
      at = Instant.parse(record.at()).toEpochMilli();
    } catch (DateTimeParseException e) {
      return;
    }
    long cutoff = cutoff();
    if (caller == null || at < cutoff) {
      return;
    }
    if (windows.size() >= MAX_PRINCIPALS && !windows.containsKey(caller)) {
      windows.values().removeIf(w -> w.count(cutoff) == 0);
      if (windows.size() >= MAX_PRINCIPALS) {
        return;
      }
    }
    windows.computeIfAbsent(caller, k -> new Window()).add(at, cutoff);
  }

  private long cutoff() {
    return clock.millis() - window.toMillis();
  }

  /** Timestamps (epoch millis) of one kind of signal for one principal, newest last. */
  private static final class Window {
    private final Deque<Long> times = new ArrayDeque<>();

    synchronized void add(long at, long cutoff) {
      trim(cutoff);
      times.addLast(at);
      while (times.size() > MAX_EVENTS) {
        times.removeFirst();
      }
    }

    synchronized List<Long> times(long cutoff) {
      trim(cutoff);
      return times.stream().filter(at -> at >= cutoff).toList();
    }

    synchronized int count(long cutoff) {
      trim(cutoff);
      int count = 0;
      for (long at : times) {
        // Records from different nodes may arrive slightly out of time order.
        count += at >= cutoff ? 1 : 0;
      }
      return count;
    }

    private void trim(long cutoff) {
      while (!times.isEmpty() && times.peekFirst() < cutoff) {
        times.removeFirst();
      }
    }
  }
}
