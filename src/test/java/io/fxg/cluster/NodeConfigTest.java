package io.fxg.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  @Test
  void theHttpServerOutlastsTheLongestPreferWait() {
    Config derived = NodeConfig.derive(ConfigFactory.parseString("fxg.http.max-wait = 120 s")
        .withFallback(ConfigFactory.load()));
    Duration requestTimeout = derived.getDuration("pekko.http.server.request-timeout");
    assertEquals(Duration.ofSeconds(120 + 5 + 10), requestTimeout);
    assertTrue(derived.getDuration("pekko.http.server.idle-timeout").compareTo(requestTimeout) > 0);
  }

  @Test
  void theEmbeddedJournalIsAnH2FileUnderHome() {
    Config derived = NodeConfig.derive(ConfigFactory.parseString("fxg.home = \"/tmp/fxg-home\", fxg.jdbc.url = \"\"")
        .withFallback(ConfigFactory.load()));
    assertTrue(derived.getString("fxg.jdbc.effective-url").startsWith("jdbc:h2:file:/tmp/fxg-home/journal/fxg"),
        derived.getString("fxg.jdbc.effective-url"));
  }
}
