package io.fxg.proof;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a record chain is in the log up to a record: phase 8 ({@code proof.persisted}) may be
 * journaled only when every record of the execution, seq 1 to the terminal one, is a leaf below
 * the published tree size, not just the terminal record. A record that committed late (found by
 * reconciliation, {@link LateRecords}) is appended after the records journaled after it, so the
 * terminal record can be covered while an earlier one is not yet in the log at all.
 *
 * <p>Sequence numbers of one persistence id are unique in the leaves table, so a chain is complete
 * up to {@code seq} exactly when it has {@code seq} leaves with a sequence number at most
 * {@code seq}.
 */
public final class ChainCoverage {
  /** Terminals checked in one query. */
  static final int QUERY_BATCH = 500;

  private ChainCoverage() {}

  /**
   * The log index of record {@code seq} when records 1 to {@code seq} of its chain are all in
   * {@code indexes} (seq to leaf index, as {@link LogStore#indexesOf} returns it) below tree size
   * {@code size}, else empty.
   */
  public static Optional<Long> coveredIndex(Map<Long, Long> indexes, long seq, long size) {
    for (long s = 1; s <= seq; s++) {
      Long index = indexes.get(s);
      if (index == null || index >= size) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(indexes.get(seq));
  }

  /**
   * The log index of record {@code seq} of {@code persistenceId} when its chain is in the log up to
   * it below tree size {@code size}, else empty.
   */
  public static Optional<Long> coveredIndex(LogStore store, String persistenceId, long seq, long size) {
    return coveredIndex(store.indexesOf(persistenceId), seq, size);
  }

  /**
   * The leaf indexes, among {@code terminals}, whose chains are complete up to them below tree
   * size {@code size}: one query per {@value #QUERY_BATCH} terminals.
   */
  static Set<Long> complete(LogStore store, List<LogStore.Terminal> terminals, long size) {
    Set<Long> complete = new HashSet<>();
    for (int from = 0; from < terminals.size(); from += QUERY_BATCH) {
      List<LogStore.Terminal> batch = terminals.subList(from, Math.min(terminals.size(), from + QUERY_BATCH));
      complete.addAll(completeBatch(store, batch, size));
    }
    return complete;
  }

  private static List<Long> completeBatch(LogStore store, List<LogStore.Terminal> batch, long size) {
    String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
    return store.run(connection -> {
      List<Long> complete = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement("SELECT t.idx, t.seq, COUNT(l.idx), MAX(l.idx)"
          + " FROM fxg_log_leaves t JOIN fxg_log_leaves l ON l.persistence_id = t.persistence_id AND l.seq <= t.seq"
          + " WHERE t.idx IN (" + marks + ") GROUP BY t.idx, t.seq")) {
        for (int i = 0; i < batch.size(); i++) {
          query.setLong(i + 1, batch.get(i).index());
        }
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            if (rows.getLong(3) == rows.getLong(2) && rows.getLong(4) < size) {
              complete.add(rows.getLong(1));
            }
          }
        }
      }
      return complete;
    });
  }
}
