package io.fxg.proof;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.function.ToLongFunction;

/**
 * Read-only JDBC cursors for {@link JournalAudit}: the journal's {@code event_journal} rows in
 * {@code ordering} order (pekko-persistence-jdbc's schema, identifiers quoted as its H2 and
 * PostgreSQL scripts create them), the log's leaves in index order, and its checkpoints by size.
 * Each cursor reads keyset pages ({@code WHERE key > last ORDER BY key LIMIT n}) over its own
 * read-only connection, so neither database materializes the whole journal for one query.
 */
final class AuditSources {
  private static final int PAGE_SIZE = 5000;

  /** One journal row: the event's position and its serialized payload. */
  record JournalRow(long ordering, String persistenceId, long seq, byte[] payload, int serializerId, String manifest) {}

  /** One stored leaf of the log. */
  record StoredLeaf(long index, long ordering, String persistenceId, long seq, byte[] leafHash, byte[] record) {}

  private final String url;
  private final String user;
  private final String password;

  AuditSources(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  Cursor<JournalRow> journal() throws SQLException {
    return new Cursor<>(open(), "SELECT \"ordering\", \"persistence_id\", \"sequence_number\", \"event_payload\","
        + " \"event_ser_id\", \"event_ser_manifest\" FROM \"event_journal\" WHERE \"ordering\" > ?"
        + " ORDER BY \"ordering\" LIMIT " + PAGE_SIZE,
        rows -> new JournalRow(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getBytes(4),
            rows.getInt(5), rows.getString(6)), JournalRow::ordering);
  }

  Cursor<StoredLeaf> leaves() throws SQLException {
    return new Cursor<>(open(), "SELECT idx, journal_ordering, persistence_id, seq, leaf_hash, record"
        + " FROM fxg_log_leaves WHERE idx > ? ORDER BY idx LIMIT " + PAGE_SIZE,
        rows -> new StoredLeaf(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4),
            rows.getBytes(5), rows.getBytes(6)), StoredLeaf::index);
  }

  Cursor<LogStore.StoredCheckpoint> checkpoints() throws SQLException {
    return new Cursor<>(open(), "SELECT size, note FROM fxg_log_checkpoints WHERE size > ? ORDER BY size LIMIT " + PAGE_SIZE,
        rows -> new LogStore.StoredCheckpoint(rows.getLong(1), rows.getString(2)), LogStore.StoredCheckpoint::size);
  }

  private Connection open() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, password);
    connection.setReadOnly(true);
    return connection;
  }

  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** A forward-only cursor over keyset pages; {@link #next()} is null after the last row. */
  static final class Cursor<T> implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement page;
    private final RowReader<T> reader;
    private final ToLongFunction<T> key;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private long lastKey = -1;
    private boolean exhausted;

    Cursor(Connection connection, String sql, RowReader<T> reader, ToLongFunction<T> key) throws SQLException {
      this.connection = connection;
      this.reader = reader;
      this.key = key;
      try {
        page = connection.prepareStatement(sql);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }

    T next() throws SQLException {
      if (buffer.isEmpty() && !exhausted) {
        page.setLong(1, lastKey);
        try (ResultSet rows = page.executeQuery()) {
          while (rows.next()) {
            buffer.add(reader.read(rows));
          }
        }
        exhausted = buffer.size() < PAGE_SIZE;
        if (!buffer.isEmpty()) {
          lastKey = key.applyAsLong(buffer.peekLast());
        }
      }
      return buffer.poll();
    }

    @Override
    public void close() throws SQLException {
      try (connection; page) {
        buffer.clear();
      }
    }
  }
}
