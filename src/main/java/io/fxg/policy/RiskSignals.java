package io.fxg.policy;

import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

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
 * <p>Thread-safe: one stream writes, decisions read. Bounded: the callers of live executions only
 * (forgotten at their terminal record; at most {@value #MAX_EXECUTIONS}) and {@value #MAX_PRINCIPALS} principals are remembered, and per principal
 * at most {@value #MAX_EVENTS} timestamps of each kind (the score saturates long before).
 */
public final class RiskSignals {
  public static final int MAX_EXECUTIONS = 100_000;
  public static final int MAX_PRINCIPALS = 100_000;
  public static final int MAX_EVENTS = 16;

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
  private volatile Offset offset = Offset.noOffset();

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
   * Follows the lineage tag from where it left off, restarting with backoff on failure.
   *
   * @param events the lineage-tagged journal stream from an offset (exclusive)
   */
  public void follow(ActorSystem<?> system, Function<Offset, Source<EventEnvelope, NotUsed>> events) {
    RestartSettings restart =
        RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
    RestartSource.withBackoff(restart, () -> events.apply(offset))
        .runForeach(envelope -> {
          if (envelope.event() instanceof Lineaged lineaged) {
            observe(lineaged.record());
          }
          offset = envelope.offset();
        }, system);
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
