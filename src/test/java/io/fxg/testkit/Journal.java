package io.fxg.testkit;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The journal a {@link GatewayFixture} runs on: a JDBC URL and its credentials. Every node of one
 * fixture shares it; a second fixture given the same journal replays what the first wrote.
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

  /** The node configuration lines that select this journal. */
  String config() {
    return "fxg.jdbc.url = \"" + url + "\"\nfxg.jdbc.user = \"" + user + "\"\nfxg.jdbc.password = \"" + password + "\"\n";
  }
}
