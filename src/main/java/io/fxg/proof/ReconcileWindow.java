package io.fxg.proof;

import java.util.ArrayDeque;

/**
 * Which journal orderings the {@link TransparencyLog}'s reconciliation looks at. Each pass covers
 * {@code (settled, last]}: {@code last} is the log's highest ordering when the pass starts, and
 * {@code settled} the highest ordering the log had reached at a pass start at least
 * {@code horizon} ago (0 until then, so the first passes after a start sweep the whole journal).
 * An ordering is therefore re-checked for {@code horizon} after the log passed it, in case its
 * transaction is still to commit, and never again after that: a pass costs the rows of one
 * horizon, not the journal.
 */
final class ReconcileWindow {
  private final long horizonMillis;
  /** {pass start millis, log ordering then}, oldest first; the head is the latest settled mark. */
  private final ArrayDeque<long[]> marks = new ArrayDeque<>();
  private long cursor;
  private long target;
  private boolean passing;

  ReconcileWindow(long horizonMillis) {
    this.horizonMillis = horizonMillis;
  }

  /** Starts a pass unless one is running; returns whether one started. */
  boolean start(long nowMillis, long lastOrdering) {
    if (passing) {
      return false;
    }
    marks.addLast(new long[] {nowMillis, lastOrdering});
    long[] head = marks.pollFirst();
    while (!marks.isEmpty() && marks.peekFirst()[0] <= nowMillis - horizonMillis) {
      head = marks.pollFirst();
    }
    marks.addFirst(head);
    cursor = settled(nowMillis);
    target = lastOrdering;
    passing = cursor < target;
    return passing;
  }

  /** The highest ordering this pass has covered so far (exclusive lower bound of the next look). */
  long cursor() {
    return cursor;
  }

  /** The highest ordering this pass covers. */
  long target() {
    return target;
  }

  boolean passing() {
    return passing;
  }

  /** Records how far the last look got; the pass ends at its target. */
  void reached(long scannedUpTo) {
    cursor = Math.max(cursor, scannedUpTo);
    passing = cursor < target;
  }

  /** The highest ordering no longer re-checked (0 before the first horizon has passed). */
  long settled(long nowMillis) {
    long[] oldest = marks.peekFirst();
    return oldest != null && oldest[0] <= nowMillis - horizonMillis ? oldest[1] : 0;
  }
}
