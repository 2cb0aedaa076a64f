package io.fxg.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Configs for nodes: loopback, port 0, a fresh home, the given journal and keys. {@link
 * GatewayFixture} starts its nodes with them; the few tests that start a node by hand with a
 * clock or services of their own ({@code ClockSkewTest}, {@code ReplayAfterFailoverTest}, {@code
 * ProjectionRestartTest}, {@code TamperMatrixTest}) use the public forms.
 */
public final class TestNodes {
  private TestNodes() {}

  /** A node on a fresh in-memory H2 journal. */
  public static Config config(String extra) {
    return config(extra, Journal.h2().url());
  }

  /** {@code FXG_TEST_JDBC_URL} when set (PostgreSQL in {@code .ci/run}), else the given H2 URL. */
  public static String journalUrl(String h2Url) {
    return Journal.postgresOr(Journal.url(h2Url)).url();
  }

  /** A node on the journal at {@code jdbcUrl}, with the test credentials. */
  public static Config config(String extra, String jdbcUrl) {
    return base(extra, Journal.url(jdbcUrl)).resolve();
  }

  static Config config(String extra, Journal journal, Path keysDir) {
    return base(extra + "\nfxg.keys.dir = \"" + keysDir + "\"", journal).resolve();
  }

  private static Config base(String extra, Journal journal) {
    return ConfigFactory.parseString(extra + "\n"
            + "fxg.http.port = 0\n"
            + "fxg.cluster.port = 0\n"
            + "fxg.home = \"" + System.getProperty("java.io.tmpdir") + "/fxg-test-" + UUID.randomUUID() + "\"\n"
            + journal.config())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference());
  }
}
