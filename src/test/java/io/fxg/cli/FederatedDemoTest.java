package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.CommandProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/fxg demo --federated} as a newcomer runs it: its own process, two peer gateways
 * on free ports, the start line first, the summary with both consoles, an outcome line of an
 * execution completed on gw-a and on gw-b naming both ids, no framework line on the terminal, and
 * a clean stop on SIGTERM.
 */
class FederatedDemoTest {
  private static final Pattern COMPLETED_ON_BOTH = Pattern.compile(
      "^\\[demo\\] invoice 250 .*-> gw-a completed +completed +[0-9a-z]{26} \\| gw-b completed +completed +[0-9a-z]{26}$");

  @Test
  void federatedDemo_printsBothConsoles_andACrossGatewayCompletion_andStopsOnSigterm(@TempDir Path dir) throws IOException {
    Path home = dir.resolve("data");
    int httpA = CommandProcess.freePort();
    int httpB = CommandProcess.freePort();
    Map<String, String> env = Map.of("FXG_HOME", home.toString(), "FXG_HTTP_PORT", Integer.toString(httpA),
        "FXG_PEER_HTTP_PORT", Integer.toString(httpB), "FXG_CLUSTER_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_PEER_CLUSTER_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_DEMO_TARGET_PORT", Integer.toString(CommandProcess.freePort()));
    try (CommandProcess demo = CommandProcess.start(CommandProcess.fxg("demo", "--federated"), dir, env)) {
      demo.awaitLine("Stop with Ctrl-C.", Duration.ofSeconds(180));
      demo.awaitLine("| gw-b completed", Duration.ofSeconds(60));
      demo.stop(Duration.ofSeconds(60));
      List<String> printed = demo.printed();
      assertTrue(printed.get(0).startsWith("fxg demo: starting two peer gateways"), demo.output());
      assertTrue(printed.stream().anyMatch(l -> l.startsWith("fxg demo --federated is running")), demo.output());
      assertTrue(printed.stream().anyMatch(l -> l.contains("http://127.0.0.1:" + httpA + "/")), demo.output());
      assertTrue(printed.stream().anyMatch(l -> l.contains("http://127.0.0.1:" + httpB + "/")), demo.output());
      assertTrue(printed.stream().anyMatch(l -> COMPLETED_ON_BOTH.matcher(l).matches()), demo.output());
      for (String line : printed) {
        assertFalse(CommandProcess.FRAMEWORK_LINE.matcher(line).matches(), "not the demo's own: " + line + "\n" + demo.output());
      }
      assertTrue(Files.isDirectory(home.resolve("gw-a/journal")) && Files.isDirectory(home.resolve("gw-b/journal")),
          "each gateway has its own journal");
      assertTrue(Files.readString(home.resolve("logs/fxg.log")).contains("Cluster Node"), "the framework log");
    }
  }
}
