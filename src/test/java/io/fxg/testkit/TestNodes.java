package io.fxg.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.UUID;

/** Configs for nodes started inside tests: loopback, port 0, a fresh in-memory H2 journal. */
public final class TestNodes {
  private TestNodes() {}

  public static Config config(String extra) {
    return config(extra, "jdbc:h2:mem:fxg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /**
   * The journal under test: {@code FXG_TEST_JDBC_URL} (with {@code FXG_TEST_JDBC_USER} and
   * {@code _PASSWORD}) when set, as {@code .ci/run} does for PostgreSQL; else the given H2 URL.
   */
  public static String journalUrl(String h2Url) {
    String url = System.getenv("FXG_TEST_JDBC_URL");
    return url == null || url.isBlank() ? h2Url : url;
  }

  public static Config config(String extra, String db) {
    String user = System.getenv().getOrDefault("FXG_TEST_JDBC_USER", "fxg");
    String password = System.getenv().getOrDefault("FXG_TEST_JDBC_PASSWORD", "");
    return ConfigFactory.parseString(extra + "\n"
            + "fxg.jdbc.user = \"" + user + "\"\n"
            + "fxg.jdbc.password = \"" + password + "\"\n"
            + "fxg.http.port = 0\n"
            + "fxg.cluster.port = 0\n"
            + "fxg.home = \"" + System.getProperty("java.io.tmpdir") + "/fxg-test-" + UUID.randomUUID() + "\"\n"
            + "fxg.jdbc.url = \"" + db + "\"\n")
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
