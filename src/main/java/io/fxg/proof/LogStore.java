package io.fxg.proof;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transparency log's tables, in the journal's own database (SQL that runs on H2 2.x and
 * PostgreSQL), through a small connection pool:
 *
 * <ul>
 *   <li>{@code fxg_log_leaves(idx, journal_ordering, persistence_id, seq, leaf_hash, record,
 *       terminal_execution)}: leaf {@code idx} is the record read at journal {@code ordering};
 *       both are unique, so a second writer (a split brain) fails its insert rather than forking
 *       the log. Orderings rise with the index except for late records that reconciliation
 *       appended at the end ({@link LateRecords});
 *   <li>{@code fxg_log_tiles(level, idx, hashes)}: every full C2SP hash tile (256 hashes) of the
 *       tree, written in the same transaction as the leaf that completes it, so the log's tree
 *       keeps only its right edge in memory ({@link TiledMerkleTree});
 *   <li>{@code fxg_log_checkpoints(size, note, created_at)}: every published signed checkpoint.
 * </ul>
 *
 * Only the {@link TransparencyLog} singleton writes; any node reads entries, checkpoints and the
 * index of a record. Database failures surface as {@link IllegalStateException}.
 */
public final class LogStore implements AutoCloseable {
  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS fxg_log_leaves (idx BIGINT PRIMARY KEY, journal_ordering BIGINT NOT NULL UNIQUE,"
        + " persistence_id VARCHAR(255) NOT NULL, seq BIGINT NOT NULL, leaf_hash BYTEA NOT NULL,"
        + " record BYTEA NOT NULL, terminal_execution VARCHAR(255))",
    "CREATE UNIQUE INDEX IF NOT EXISTS fxg_log_leaves_record_idx ON fxg_log_leaves (persistence_id, seq)",
    "CREATE TABLE IF NOT EXISTS fxg_log_tiles (level INT NOT NULL, idx BIGINT NOT NULL, hashes BYTEA NOT NULL,"
        + " PRIMARY KEY (level, idx))",
    "CREATE TABLE IF NOT EXISTS fxg_log_checkpoints (size BIGINT PRIMARY KEY, note VARCHAR NOT NULL,"
        + " created_at BIGINT NOT NULL)"
  };
  private static final int FETCH_SIZE = 4096;

  /** The log's tree as stored, and the highest journal ordering it holds (0 when empty). */
  record LoadedTree(TiledMerkleTree tree, long lastOrdering) {}

  /** A stored checkpoint: its tree size and signed note text. */
  public record StoredCheckpoint(long size, String note) {}

  /** A terminal record in the log: which execution it ends, and its index. */
  public record Terminal(String executionId, long index) {}

  private final HikariDataSource pool;

  private LogStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens a pool of at most {@code maxConnections} connections to the journal's database. */
  public static LogStore open(String url, String user, String password, int maxConnections) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxConnections);
    config.setMinimumIdle(1);
    config.setPoolName("fxg-log");
    config.setConnectionTimeout(5000);
    return new LogStore(new HikariDataSource(config));
  }

  /** Creates the tables and index when missing. */
  public void createSchema() {
    run(connection -> {
      try (Statement statement = connection.createStatement()) {
        for (String ddl : SCHEMA) {
          statement.execute(ddl);
        }
      }
      return null;
    });
  }

  /** Appends indexed leaves, and the full tiles they complete, in one transaction: all or none. */
  void append(List<LogLeaf> leaves, List<TiledMerkleTree.FullTile> tiles) {
    run(connection -> {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO fxg_log_leaves (idx, journal_ordering, persistence_id, seq, leaf_hash, record,"
              + " terminal_execution) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (LogLeaf leaf : leaves) {
          insert.setLong(1, leaf.index());
          insert.setLong(2, leaf.journalOrdering());
          insert.setString(3, leaf.persistenceId());
          insert.setLong(4, leaf.seq());
          insert.setBytes(5, leaf.leafHash());
          insert.setBytes(6, leaf.record());
          insert.setString(7, leaf.terminalExecution());
          insert.addBatch();
        }
        insert.executeBatch();
        insertTiles(connection, tiles);
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      return null;
    });
  }

  private static void insertTiles(Connection connection, List<TiledMerkleTree.FullTile> tiles) throws SQLException {
    if (tiles.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO fxg_log_tiles (level, idx, hashes) VALUES (?, ?, ?)")) {
      for (TiledMerkleTree.FullTile tile : tiles) {
        insert.setInt(1, tile.level());
        insert.setLong(2, tile.index());
        insert.setBytes(3, tile.hashes());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * The log's tree from its right edge (a few hundred rows, not every leaf), and the journal
   * ordering of the last leaf. Full tiles missing for stored leaves (a log written before tiles
   * were stored) are first derived by one streaming pass over the leaf hashes.
   *
   * @throws IllegalStateException when the indexes are not 0, 1, 2, ...
   */
  LoadedTree loadTree() {
    long[] last = lastLeaf();
    long size = last[0] + 1;
    long leaves = count("SELECT COUNT(*) FROM fxg_log_leaves");
    if (leaves != size) {
      throw new IllegalStateException("log store: " + leaves + " leaves stored but the last index is " + last[0]);
    }
    if (count("SELECT COUNT(*) FROM fxg_log_tiles") != fullTiles(size)) {
      deriveTiles();
    }
    TiledMerkleTree tree = TiledMerkleTree.resume(size, this::tile, this::leafHashes);
    return new LoadedTree(tree, last[1]);
  }

  /** How many full tiles, over all levels, a tree of {@code size} leaves has. */
  static long fullTiles(long size) {
    long tiles = 0;
    for (long hashes = size; hashes >= TilePath.FULL_WIDTH; hashes /= TilePath.FULL_WIDTH) {
      tiles += hashes / TilePath.FULL_WIDTH;
    }
    return tiles;
  }

  /**
   * {index of the last leaf, highest journal ordering of any leaf}, {-1, 0} when none. Not the last
   * leaf's ordering: a reconciled late record is appended at the end with a lower ordering.
   */
  private long[] lastLeaf() {
    return new long[] {
      count("SELECT COALESCE(MAX(idx), -1) FROM fxg_log_leaves"),
      count("SELECT COALESCE(MAX(journal_ordering), 0) FROM fxg_log_leaves")
    };
  }

  private long count(String sql) {
    return run(connection -> {
      try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    });
  }

  /** Replaces every stored tile with those of the stored leaf hashes, streamed in index order. */
  private void deriveTiles() {
    run(connection -> {
      connection.setAutoCommit(false);
      try (Statement delete = connection.createStatement();
          PreparedStatement query = connection.prepareStatement(
              "SELECT idx, leaf_hash FROM fxg_log_leaves ORDER BY idx")) {
        delete.executeUpdate("DELETE FROM fxg_log_tiles");
        query.setFetchSize(FETCH_SIZE);
        TiledMerkleTree tree = TiledMerkleTree.empty(this::tile);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            long index = rows.getLong(1);
            if (index != tree.size()) {
              throw new IllegalStateException("log store: leaf " + index + " follows leaf " + (tree.size() - 1));
            }
            tree.append(rows.getBytes(2));
            if (index % FETCH_SIZE == FETCH_SIZE - 1) {
              insertTiles(connection, tree.drainCompleted());
            }
          }
        }
        insertTiles(connection, tree.drainCompleted());
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      return null;
    });
  }

  /** The stored full hash tile, or null. */
  byte[] tile(int level, long index) {
    return run(connection -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT hashes FROM fxg_log_tiles WHERE level = ? AND idx = ?")) {
        query.setInt(1, level);
        query.setLong(2, index);
        try (ResultSet rows = query.executeQuery()) {
          return rows.next() ? rows.getBytes(1) : null;
        }
      }
    });
  }

  /** The leaf hashes of leaves {@code from} (inclusive) to {@code to} (exclusive), concatenated. */
  byte[] leafHashes(long from, long to) {
    return run(connection -> {
      java.io.ByteArrayOutputStream hashes = new java.io.ByteArrayOutputStream();
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT leaf_hash FROM fxg_log_leaves WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        query.setLong(1, from);
        query.setLong(2, to);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            hashes.writeBytes(rows.getBytes(1));
          }
        }
      }
      return hashes.toByteArray();
    });
  }

  /** Terminal records at index {@code fromIndex} or later, in index order. */
  List<Terminal> terminalsFrom(long fromIndex) {
    return run(connection -> {
      List<Terminal> terminals = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement("SELECT terminal_execution, idx FROM fxg_log_leaves"
          + " WHERE idx >= ? AND terminal_execution IS NOT NULL ORDER BY idx")) {
        query.setLong(1, fromIndex);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            terminals.add(new Terminal(rows.getString(1), rows.getLong(2)));
          }
        }
      }
      return terminals;
    });
  }

  /** The checkpoint of the largest size, if any was published. */
  public Optional<StoredCheckpoint> latestCheckpoint() {
    return checkpointBelow(Long.MAX_VALUE);
  }

  /** The largest checkpoint smaller than {@code size}. */
  Optional<StoredCheckpoint> checkpointBelow(long size) {
    return run(connection -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT size, note FROM fxg_log_checkpoints WHERE size < ? ORDER BY size DESC LIMIT 1")) {
        query.setLong(1, size);
        try (ResultSet rows = query.executeQuery()) {
          return rows.next() ? Optional.of(new StoredCheckpoint(rows.getLong(1), rows.getString(2))) : Optional.empty();
        }
      }
    });
  }

  void saveCheckpoint(long size, String note, long createdAtMillis) {
    run(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO fxg_log_checkpoints (size, note, created_at) VALUES (?, ?, ?)")) {
        insert.setLong(1, size);
        insert.setString(2, note);
        insert.setLong(3, createdAtMillis);
        insert.executeUpdate();
      }
      return null;
    });
  }

  /** The log index of each record of one persistence id, by its sequence number, in seq order. */
  public Map<Long, Long> indexesOf(String persistenceId) {
    return run(connection -> {
      Map<Long, Long> indexes = new LinkedHashMap<>();
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT seq, idx FROM fxg_log_leaves WHERE persistence_id = ? ORDER BY seq")) {
        query.setString(1, persistenceId);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            indexes.put(rows.getLong(1), rows.getLong(2));
          }
        }
      }
      return indexes;
    });
  }

  /** The record bytes of leaves {@code from} (inclusive) to {@code to} (exclusive), in order. */
  public List<byte[]> records(long from, long to) {
    return run(connection -> {
      List<byte[]> records = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT idx, record FROM fxg_log_leaves WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        query.setLong(1, from);
        query.setLong(2, to);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            if (rows.getLong(1) != from + records.size()) {
              throw new IllegalStateException("log store: leaf " + (from + records.size()) + " is missing");
            }
            records.add(rows.getBytes(2));
          }
        }
      }
      return records;
    });
  }

  @Override
  public void close() {
    pool.close();
  }

  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Runs {@code work} on a pooled connection; SQL failures become {@link IllegalStateException}. */
  <T> T run(Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("log store: " + e.getMessage(), e);
    }
  }
}
