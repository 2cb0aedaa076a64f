package io.fxg.witness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's view of the witness: the split-view alarms of the peer logs it witnesses (by
 * origin), as the {@link WitnessPoller} last read them from the {@link WitnessedLog} entities, and
 * counters for metrics. Readiness ({@code peer-logs-consistent}) fails while any alarm is held.
 */
public final class WitnessAlarms {
  private final Map<String, WitnessedLog.Alarm> alarms = new ConcurrentHashMap<>();
  private final AtomicLong splitViews = new AtomicLong();
  private final AtomicLong cosigned = new AtomicLong();
  private final AtomicLong handedBack = new AtomicLong();

  void update(String origin, WitnessedLog.Alarm alarm) {
    if (alarm == null) {
      alarms.remove(origin);
    } else {
      alarms.put(origin, alarm);
    }
  }

  void splitView(String origin, WitnessedLog.Alarm alarm) {
    splitViews.incrementAndGet();
    alarms.put(origin, alarm);
  }

  void cosigned() {
    cosigned.incrementAndGet();
  }

  void handedBack() {
    handedBack.incrementAndGet();
  }

  /** Whether no witnessed peer log showed a split view (or every alarm was cleared). */
  public boolean consistent() {
    return alarms.isEmpty();
  }

  /** The alarms held, by log origin. */
  public Map<String, WitnessedLog.Alarm> alarms() {
    return Map.copyOf(alarms);
  }

  /** Split views this node's poller was told of since start. */
  public long splitViews() {
    return splitViews.get();
  }

  /** Cosignatures this node's poller obtained since start. */
  public long cosignedCount() {
    return cosigned.get();
  }

  /** Cosignatures the peers accepted from this node's poller since start. */
  public long handedBackCount() {
    return handedBack.get();
  }
}
