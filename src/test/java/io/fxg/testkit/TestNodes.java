package io.fxg.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.UUID;

/** Configs for nodes started inside tests: loopback, port 0, a fresh in-memory H2 journal. */
public final class TestNodes {
  private TestNodes() {}

  public static Config config(String extra) {
    String db = "jdbc:h2:mem:fxg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return ConfigFactory.parseString(extra + "\n"
            + "fxg.http.port = 0\n"
            + "fxg.cluster.port = 0\n"
            + "fxg.jdbc.url = \"" + db + "\"\n")
        .withFallback(ConfigFactory.load())
        .resolve();
  }
}
