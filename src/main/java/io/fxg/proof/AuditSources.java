package io.fxg.proof;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Read-only JDBC cursors for {@link JournalAudit}: the journal's {@code event_journal} rows in
 * {@code ordering} order (pekko-persistence-jdbc's schema, identifiers quoted as its H2 and
 * PostgreSQL scripts create them), the log's leaves in index order, its full hash tiles by level and
 * index, and its checkpoints by size.
 * Each cursor reads keyset pages ({@code WHERE key > last ORDER BY key LIMIT n}), so neither
 * database materializes the whole journal for one query. The journal has a read-only connection of
 * its own, so that its next page can be read while the last one is checked; the log's cursors
 * share the other. Both stay open for the whole audit (an embedded H2 database closes, and
 * compacts, whenever its last connection closes).
 */
final class AuditSources implements AutoCloseable {
  static final int PAGE_SIZE = 4096;

  /** One journal row: the event's position and its serialized payload. */
  record JournalRow(long ordering, String persistenceId, long seq, byte[] payload, int serializerId, String manifest) {}

  /** One stored full hash tile of the log. */
  record StoredTile(int level, long index, byte[] hashes) {
    /** The cursor's key: level and index in one number, in the tiles' (level, index) order. */
    long key() {
      return ((long) level << TILE_INDEX_BITS) + index;
    }
  }

  /** Tile indexes below 2^40: a tree of 2^48 leaves (level 0) and more. */
  private static final int TILE_INDEX_BITS = 40;
  /** Tiles per page: 256 hashes of 32 bytes each, 8 KiB a tile. */
  private static final int TILE_PAGE_SIZE = 64;

  /** One stored leaf of the log. */
  record StoredLeaf(long index, long ordering, String persistenceId, long seq, byte[] leafHash, byte[] record) {}

  private final Connection journalConnection;
  private final Connection logConnection;

  AuditSources(String url, String user, String password) throws SQLException {
    journalConnection = open(url, user, password);
    try {
      logConnection = open(url, user, password);
    } catch (SQLException e) {
      journalConnection.close();
      throw e;
    }
  }

  private static Connection open(String url, String user, String password) throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, password);
    connection.setReadOnly(true);
    return connection;
  }

  @Override
  public void close() throws SQLException {
    try (journalConnection; logConnection) {
      // both closed, the first failure reported
    }
  }

  Cursor<JournalRow> journal() throws SQLException {
    return new Cursor<>(journalConnection, "SELECT \"ordering\", \"persistence_id\", \"sequence_number\","
        + " \"event_payload\", \"event_ser_id\", \"event_ser_manifest\" FROM \"event_journal\""
        + " WHERE \"ordering\" > ? ORDER BY \"ordering\" LIMIT " + PAGE_SIZE,
        rows -> new JournalRow(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getBytes(4),
            rows.getInt(5), rows.getString(6)), JournalRow::ordering);
  }

  Cursor<StoredLeaf> leaves() throws SQLException {
    return new Cursor<>(logConnection, "SELECT idx, journal_ordering, persistence_id, seq, leaf_hash, record"
        + " FROM fxg_log_leaves WHERE idx > ? ORDER BY idx LIMIT " + PAGE_SIZE,
        rows -> new StoredLeaf(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4),
            rows.getBytes(5), rows.getBytes(6)), StoredLeaf::index);
  }

  Cursor<StoredTile> tiles() throws SQLException {
    return new Cursor<>(logConnection, "SELECT level, idx, hashes FROM fxg_log_tiles"
        + " WHERE level * " + (1L << TILE_INDEX_BITS) + " + idx > ? ORDER BY level, idx LIMIT " + TILE_PAGE_SIZE,
        rows -> new StoredTile(rows.getInt(1), rows.getLong(2), rows.getBytes(3)), StoredTile::key, TILE_PAGE_SIZE);
  }

  Cursor<LogStore.StoredCheckpoint> checkpoints() throws SQLException {
    return new Cursor<>(logConnection, "SELECT size, note FROM fxg_log_checkpoints WHERE size > ?"
        + " ORDER BY size LIMIT " + PAGE_SIZE,
        rows -> new LogStore.StoredCheckpoint(rows.getLong(1), rows.getString(2)), LogStore.StoredCheckpoint::size);
  }

  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** A forward-only cursor over keyset pages, read a page or a row at a time. */
  static final class Cursor<T> implements AutoCloseable {
    private final PreparedStatement query;
    private final RowReader<T> reader;
    private final ToLongFunction<T> key;
    private final int pageSize;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private long lastKey = -1;
    private boolean exhausted;

    Cursor(Connection connection, String sql, RowReader<T> reader, ToLongFunction<T> key) throws SQLException {
      this(connection, sql, reader, key, PAGE_SIZE);
    }

    /** @param sql a keyset query whose {@code LIMIT} is {@code pageSize} */
    Cursor(Connection connection, String sql, RowReader<T> reader, ToLongFunction<T> key, int pageSize)
        throws SQLException {
      this.reader = reader;
      this.key = key;
      this.pageSize = pageSize;
      this.query = connection.prepareStatement(sql);
    }

    /** The next page of rows; empty after the last. Not to be mixed with {@link #next()}. */
    List<T> nextPage() throws SQLException {
      List<T> page = new ArrayList<>(pageSize);
      if (!exhausted) {
        query.setLong(1, lastKey);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            page.add(reader.read(rows));
          }
        }
        exhausted = page.size() < pageSize;
        if (!page.isEmpty()) {
          lastKey = key.applyAsLong(page.get(page.size() - 1));
        }
      }
      return page;
    }

    /** The next row, or null after the last. */
    T next() throws SQLException {
      if (buffer.isEmpty()) {
        buffer.addAll(nextPage());
      }
      return buffer.poll();
    }

    @Override
    public void close() throws SQLException {
      buffer.clear();
      query.close();
    }
  }
}
