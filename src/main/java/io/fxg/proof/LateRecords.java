package io.fxg.proof;

import java.util.List;

/**
 * Where the {@link TransparencyLog} finds lineage records that its journal stream skipped: rows
 * whose transaction committed after the read journal's gap detection had given up on their
 * {@code ordering}. The log appends what this finds at its end (reconciliation).
 */
@FunctionalInterface
public interface LateRecords {
  /**
   * One bounded look at the journal.
   *
   * @param leaves lineage records at orderings in {@code (after, scannedUpTo]} that no leaf holds,
   *     in ordering order, unindexed
   * @param scannedUpTo how far this look got; below the requested bound when it stopped early
   */
  record Found(List<LogLeaf> leaves, long scannedUpTo) {}

  /**
   * Lineage records at journal orderings in {@code (after, upTo]} that the log does not hold, in
   * ordering order: at most {@code max}, and possibly stopping short of {@code upTo} (see
   * {@link Found#scannedUpTo()}) so that one call stays cheap.
   */
  Found find(long after, long upTo, int max);

  /** Finds nothing: for a log whose journal cannot commit late. */
  static LateRecords none() {
    return (after, upTo, max) -> new Found(List.of(), upTo);
  }

  /**
   * The journal's own tables in the log store's database, for rows tagged {@code tag}; payloads
   * are turned back into events by {@code decoder}.
   */
  static LateRecords inJournal(LogStore store, JournalAudit.EventDecoder decoder, String tag) {
    return new JournalLateRecords(store, decoder, tag);
  }
}
