package io.fxg.proof;

import io.fxg.lineage.Lineaged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LateRecords} from pekko-persistence-jdbc's tables ({@code event_journal},
 * {@code event_tag}, identifiers quoted as its H2 and PostgreSQL scripts create them) anti-joined
 * with {@code fxg_log_leaves}. The range is walked in chunks of {@value #CHUNK} orderings, at most
 * {@value #CHUNKS_PER_CALL} per call; per chunk two index range counts (tagged rows by the
 * {@code event_tag} key, leaves by their unique {@code journal_ordering}) decide whether anything
 * is missing, and only a chunk whose counts differ is anti-joined row by row, so a clean range
 * costs two index scans and never reads a payload.
 */
final class JournalLateRecords implements LateRecords {
  static final long CHUNK = 65_536;
  static final int CHUNKS_PER_CALL = 16;
  private static final Logger LOG = LoggerFactory.getLogger(JournalLateRecords.class);
  private static final String COUNT_TAGGED = "SELECT COUNT(*) FROM \"event_tag\""
      + " WHERE \"event_id\" > ? AND \"event_id\" <= ? AND \"tag\" = ?";
  private static final String COUNT_LEAVES = "SELECT COUNT(*) FROM fxg_log_leaves"
      + " WHERE journal_ordering > ? AND journal_ordering <= ?";
  private static final String MISSING = "SELECT j.\"ordering\", j.\"persistence_id\", j.\"sequence_number\","
      + " j.\"event_payload\", j.\"event_ser_id\", j.\"event_ser_manifest\" FROM \"event_journal\" j"
      + " WHERE j.\"ordering\" > ? AND j.\"ordering\" <= ?"
      + " AND EXISTS (SELECT 1 FROM \"event_tag\" t WHERE t.\"event_id\" = j.\"ordering\" AND t.\"tag\" = ?)"
      + " AND NOT EXISTS (SELECT 1 FROM fxg_log_leaves l WHERE l.journal_ordering = j.\"ordering\")"
      + " ORDER BY j.\"ordering\" LIMIT ?";

  private final LogStore store;
  private final JournalAudit.EventDecoder decoder;
  private final String tag;

  JournalLateRecords(LogStore store, JournalAudit.EventDecoder decoder, String tag) {
    this.store = store;
    this.decoder = decoder;
    this.tag = tag;
  }

  @Override
  public Found find(long after, long upTo, int max) {
    return store.run(connection -> {
      List<LogLeaf> leaves = new ArrayList<>();
      long from = after;
      for (int chunk = 0; chunk < CHUNKS_PER_CALL && from < upTo; chunk++) {
        long to = Math.min(upTo, from + CHUNK);
        if (count(connection, COUNT_TAGGED, from, to, true) != count(connection, COUNT_LEAVES, from, to, false)) {
          int wanted = max - leaves.size();
          long reached = missing(connection, from, to, wanted, leaves);
          if (reached >= 0) {
            return new Found(leaves, reached);
          }
        }
        from = to;
      }
      return new Found(leaves, from);
    });
  }

  private long count(Connection connection, String sql, long from, long to, boolean tagged) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setLong(1, from);
      query.setLong(2, to);
      if (tagged) {
        query.setString(3, tag);
      }
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * Adds the chunk's missing records to {@code leaves}; returns the ordering of the last one when
   * {@code wanted} were found (the caller stops there), else -1.
   */
  private long missing(Connection connection, long from, long to, int wanted, List<LogLeaf> leaves)
      throws SQLException {
    int read = 0;
    long last = from;
    try (PreparedStatement query = connection.prepareStatement(MISSING)) {
      query.setLong(1, from);
      query.setLong(2, to);
      query.setString(3, tag);
      query.setInt(4, wanted);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          read++;
          last = rows.getLong(1);
          LogLeaf leaf = leafOf(last, rows.getString(2), rows.getLong(3), rows.getBytes(4), rows.getInt(5),
              rows.getString(6));
          if (leaf != null) {
            leaves.add(leaf);
          }
        }
      }
    }
    return read == wanted ? last : -1;
  }

  private LogLeaf leafOf(long ordering, String persistenceId, long seq, byte[] payload, int serializerId,
      String manifest) {
    Object event;
    try {
      event = decoder.decode(payload, serializerId, manifest);
    } catch (Exception e) {
      LOG.warn("transparency log: journal ordering {} ({} seq {}) is tagged {} but does not deserialize: {}",
          ordering, persistenceId, seq, tag, e.toString());
      return null;
    }
    if (event instanceof Lineaged lineaged) {
      return LogLeaf.of(ordering, persistenceId, seq, lineaged.record());
    }
    LOG.warn("transparency log: journal ordering {} ({} seq {}) is tagged {} but holds no lineage record",
        ordering, persistenceId, seq, tag);
    return null;
  }
}
