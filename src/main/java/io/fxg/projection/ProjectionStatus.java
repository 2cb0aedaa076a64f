package io.fxg.projection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a projection got since this node started, for readiness, {@code GET /v1/cluster} and
 * tests: where it resumed, how many journal records it has read since, whether it has reached
 * the journal's end as it stood when it started. Written by the projection's stream only.
 */
public final class ProjectionStatus {
  private final long startedNanos = System.nanoTime();
  private final AtomicLong read = new AtomicLong();
  private volatile long resumedFrom = -1;
  private volatile long position;
  private volatile long caughtUpMillis = -1;

  /** True once the projection has folded everything journaled before it started. */
  public boolean caughtUp() {
    return caughtUpMillis >= 0;
  }

  /** Milliseconds from this status's creation (the node's start) to catching up; -1 before. */
  public long caughtUpMillis() {
    return caughtUpMillis;
  }

  /** Journal records read since the start (not those restored from the snapshot). */
  public long read() {
    return read.get();
  }

  /** The ordering the projection resumed after: 0 for a full read, -1 before it started. */
  public long resumedFrom() {
    return resumedFrom;
  }

  /** The last ordering read. */
  public long position() {
    return position;
  }

  void resumed(long ordering) {
    resumedFrom = ordering;
    position = ordering;
  }

  void readOne(long ordering) {
    read.incrementAndGet();
    position = ordering;
  }

  /** Called by the projection when it has folded everything before {@code CAUGHT_UP}. */
  public void reachedEnd() {
    if (caughtUpMillis < 0) {
      caughtUpMillis = Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000);
    }
  }
}
