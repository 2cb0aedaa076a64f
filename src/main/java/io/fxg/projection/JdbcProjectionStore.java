package io.fxg.projection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * {@link ProjectionStore} in the journal database, table {@code fxg_projection_offsets}: one row per
 * projection, its ordering and state replaced by one {@code UPDATE} (one statement, one
 * transaction), and only forwards. A connection per call: a projection saves every few seconds.
 */
public final class JdbcProjectionStore implements ProjectionStore {
  static final String TABLE = "fxg_projection_offsets";
  /** SQLState of a unique-key violation, on H2 and PostgreSQL. */
  private static final String DUPLICATE_KEY = "23505";

  private final String url;
  private final String user;
  private final String password;

  public JdbcProjectionStore(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Creates the table when it is missing. */
  public JdbcProjectionStore createSchema() {
    String bytes = url.startsWith("jdbc:postgresql:") ? "BYTEA" : "VARBINARY";
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(64) PRIMARY KEY, ordering BIGINT NOT NULL,"
          + " version INTEGER NOT NULL, state " + bytes + " NOT NULL, updated_at BIGINT NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("the projection table could not be created: " + e.getMessage(), e);
    }
    return this;
  }

  @Override
  public Optional<Stored> load(String name) {
    try (Connection c = connect();
        PreparedStatement select = c.prepareStatement(
            "SELECT ordering, version, state FROM " + TABLE + " WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new Stored(row.getLong(1), row.getInt(2), row.getBytes(3))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("projection " + name + " unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String name, Stored snapshot) {
    long now = System.currentTimeMillis();
    try (Connection c = connect()) {
      try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
          + " SET ordering = ?, version = ?, state = ?, updated_at = ? WHERE name = ? AND ordering <= ?")) {
        update.setLong(1, snapshot.ordering());
        update.setInt(2, snapshot.version());
        update.setBytes(3, snapshot.state());
        update.setLong(4, now);
        update.setString(5, name);
        update.setLong(6, snapshot.ordering());
        if (update.executeUpdate() == 1) {
          return;
        }
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
          + " (name, ordering, version, state, updated_at) VALUES (?, ?, ?, ?, ?)")) {
        insert.setString(1, name);
        insert.setLong(2, snapshot.ordering());
        insert.setInt(3, snapshot.version());
        insert.setBytes(4, snapshot.state());
        insert.setLong(5, now);
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!DUPLICATE_KEY.equals(e.getSQLState())) {
          throw e;
        }
        // The row exists at a later ordering: a newer snapshot stays.
      }
    } catch (SQLException e) {
      throw new IllegalStateException("projection " + name + " not saved: " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }
}
