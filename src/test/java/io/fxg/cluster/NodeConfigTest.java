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

  @Test
  void writeThrough_h2OnFiles_commitsInsideTheCommit() {
    assertEquals("jdbc:h2:file:/x/fxg;DB_CLOSE_DELAY=-1;WRITE_DELAY=0", NodeConfig.writeThrough("jdbc:h2:file:/x/fxg;DB_CLOSE_DELAY=-1"));
    assertEquals("jdbc:h2:tcp://127.0.0.1:9092/fxg;WRITE_DELAY=0", NodeConfig.writeThrough("jdbc:h2:tcp://127.0.0.1:9092/fxg"));
    assertEquals("jdbc:h2:file:/x/fxg;write_delay=200", NodeConfig.writeThrough("jdbc:h2:file:/x/fxg;write_delay=200"));
    assertEquals("jdbc:h2:mem:fxg;DB_CLOSE_DELAY=-1", NodeConfig.writeThrough("jdbc:h2:mem:fxg;DB_CLOSE_DELAY=-1"));
    assertEquals("jdbc:postgresql://127.0.0.1/fxg", NodeConfig.writeThrough("jdbc:postgresql://127.0.0.1/fxg"));
  }
}
