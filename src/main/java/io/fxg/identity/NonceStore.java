package io.fxg.identity;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * The nonces signing keys used within the clock-skew window, cluster-wide and durable: table
 * {@code fxg_nonces(key_id, nonce, expires_at)} in the journal's own database (SQL that runs on H2
 * 2.x and PostgreSQL), primary key {@code (key_id, nonce)}. A nonce is claimed by one INSERT, so
 * the database's unique constraint decides first use for every node at once, and a claim that was
 * answered survives the death of any node (and of all of them). Rows live until {@code
 * expires_at} (epoch seconds), when a replay would be refused as stale anyway; {@link
 * #deleteExpired} removes them.
 *
 * <p>Every method blocks on JDBC: call it from a dedicated executor, never a Pekko dispatcher that
 * runs actors. Any database failure is a {@link Unavailable}, which callers must treat as a refusal
 * (fail closed), never as a first use.
 */
public final class NonceStore implements AutoCloseable {
  /** Longest keyid or nonce stored as given; a longer one is stored as its SHA-256 digest string. */
  public static final int MAX_STORED = 255;
  private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS fxg_nonces (key_id VARCHAR(255) NOT NULL,"
      + " nonce VARCHAR(255) NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (key_id, nonce))";
  private static final String EXPIRY_INDEX = "CREATE INDEX IF NOT EXISTS fxg_nonces_expiry_idx ON fxg_nonces (expires_at)";
  /** SQLSTATE of a unique or primary-key violation, on H2 and PostgreSQL alike. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** The nonce store could not answer; the request must be refused. */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HikariDataSource pool;
  private final int queryTimeoutSeconds;

  private NonceStore(HikariDataSource pool, Duration timeout) {
    this.pool = pool;
    this.queryTimeoutSeconds = (int) Math.max(1, timeout.toSeconds());
  }

  /**
   * Opens a pool of at most {@code maxConnections} to the journal's database; a claim waits at most
   * {@code timeout} for a connection (and about as long for its statement) before it is refused.
   */
  public static NonceStore open(String url, String user, String password, int maxConnections, Duration timeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxConnections);
    config.setMinimumIdle(1);
    config.setPoolName("fxg-nonces");
    config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), 5000)));
    return new NonceStore(new HikariDataSource(config), timeout);
  }

  /** Creates the table and its expiry index when missing. */
  public void createSchema() {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(SCHEMA);
      statement.execute(EXPIRY_INDEX);
    } catch (SQLException e) {
      throw new Unavailable("nonce store: " + e.getMessage(), e);
    }
  }

  /**
   * Claims {@code nonce} for {@code keyId} until {@code expiresAt}.
   *
   * @return true on its first use; false when the key used it before and the row has not expired
   *     (an expired row left by a late sweep is replaced: that nonce's earlier request is stale)
   * @throws Unavailable when the database did not answer: the caller must refuse the request
   */
  public boolean claim(String keyId, String nonce, Instant expiresAt, Instant now) {
    String key = stored(keyId);
    String value = stored(nonce);
    try (Connection connection = pool.getConnection()) {
      if (insert(connection, key, value, expiresAt)) {
        return true;
      }
      return deleteIfExpired(connection, key, value, now) && insert(connection, key, value, expiresAt);
    } catch (SQLException e) {
      throw new Unavailable("nonce store: " + e.getMessage(), e);
    }
  }

  /** Deletes the rows that expired before {@code now}; returns how many. */
  public int deleteExpired(Instant now) {
    try (Connection connection = pool.getConnection();
        PreparedStatement delete = connection.prepareStatement("DELETE FROM fxg_nonces WHERE expires_at < ?")) {
      delete.setQueryTimeout(queryTimeoutSeconds);
      delete.setLong(1, now.getEpochSecond());
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw new Unavailable("nonce store: " + e.getMessage(), e);
    }
  }

  /** Rows held (tests and the docs' measurements). */
  public long size() {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT COUNT(*) FROM fxg_nonces")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new Unavailable("nonce store: " + e.getMessage(), e);
    }
  }

  /** The column value: the text itself, or its digest string when longer than a column holds. */
  private static String stored(String text) {
    return text.length() <= MAX_STORED ? text
        : io.fxg.crypto.Digests.digestString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** True when inserted; false on a unique violation (the nonce is held); other failures throw. */
  private boolean insert(Connection connection, String keyId, String nonce, Instant expiresAt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO fxg_nonces (key_id, nonce, expires_at) VALUES (?, ?, ?)")) {
      insert.setQueryTimeout(queryTimeoutSeconds);
      insert.setString(1, keyId);
      insert.setString(2, nonce);
      insert.setLong(3, expiresAt.getEpochSecond());
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Removes the held row only if it expired: of two concurrent claimants only one deletes it. */
  private boolean deleteIfExpired(Connection connection, String keyId, String nonce, Instant now) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM fxg_nonces WHERE key_id = ? AND nonce = ? AND expires_at < ?")) {
      delete.setQueryTimeout(queryTimeoutSeconds);
      delete.setString(1, keyId);
      delete.setString(2, nonce);
      delete.setLong(3, now.getEpochSecond());
      return delete.executeUpdate() == 1;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
