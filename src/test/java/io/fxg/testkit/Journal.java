package io.fxg.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The journal a {@link GatewayFixture} runs on: a JDBC URL and its credentials (any three through
 * the constructor). Every node of one fixture shares it; a second fixture given the same journal
 * replays what the first wrote. Tests read and change its rows through {@link #connect()}.
 */
public record Journal(String url, String user, String password) {
  private static final String USER = System.getenv().getOrDefault("FXG_TEST_JDBC_USER", "fxg");
  private static final String PASSWORD = System.getenv().getOrDefault("FXG_TEST_JDBC_PASSWORD", "");

  /** A fresh in-memory H2 database (the default): nothing outlives the JVM. */
  public static Journal h2() {
    return url("jdbc:h2:mem:fxg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** An H2 file database under {@code dir}, for tests that restart a node or read the file. */
  public static Journal h2File(Path dir) {
    return url("jdbc:h2:file:" + dir.resolve("fxg") + ";DB_CLOSE_DELAY=-1");
  }

  /**
   * PostgreSQL when {@code FXG_TEST_JDBC_URL} is set (with {@code FXG_TEST_JDBC_USER} and
   * {@code _PASSWORD}), as {@code .ci/run} sets it; else {@code fallback}.
   */
  public static Journal postgresOr(Journal fallback) {
    String url = System.getenv("FXG_TEST_JDBC_URL");
    return url == null || url.isBlank() ? fallback : url(url);
  }

  /** {@link #postgresOr} a fresh in-memory H2. */
  public static Journal postgresOrH2() {
    return postgresOr(h2());
  }

  /** Any JDBC URL, with the test credentials ({@code FXG_TEST_JDBC_USER}, default {@code fxg}). */
  public static Journal url(String jdbcUrl) {
    return new Journal(jdbcUrl, USER, PASSWORD);
  }

  /** The configuration lines that select this journal (a node's, or an {@code fxg audit} file's). */
  public String config() {
    return "fxg.jdbc.url = \"" + url + "\"\nfxg.jdbc.user = \"" + user + "\"\nfxg.jdbc.password = \"" + password + "\"\n";
  }

  /** A new connection with the journal's credentials; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** The number in the first column of the first row {@code sql} gives with these parameters (a count, a maximum). */
  public long count(String sql, Object... parameters) {
    try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
