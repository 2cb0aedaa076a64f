package io.fxg.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.UUID;

/** Configs for nodes started by {@link GatewayFixture}: loopback, port 0, a fresh home, the given journal and keys. */
final class TestNodes {
  private TestNodes() {}

  static Config config(String extra, Journal journal, Path keysDir) {
    return ConfigFactory.parseString(extra + "\n"
            + "fxg.http.port = 0\n"
            + "fxg.cluster.port = 0\n"
            + "fxg.home = \"" + System.getProperty("java.io.tmpdir") + "/fxg-test-" + UUID.randomUUID() + "\"\n"
            + "fxg.keys.dir = \"" + keysDir + "\"\n"
            + journal.config())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
