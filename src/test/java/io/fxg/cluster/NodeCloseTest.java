package io.fxg.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.CommandProcess;
import io.fxg.testkit.GatewayFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node closes quietly: its outbound connection pools (to targets, peers and tool servers) are
 * shut down before its actor system stops, and its cluster-health monitor does not take its own
 * leaving for a partition ("cannot govern what it runs"). A pool still open then was logged as
 * {@code [ERROR] ... connection pool ... has shut down unexpectedly} with its stack trace, on the
 * terminal at the end of {@code scripts/bench} and the demo. Pekko prints that with its standard-output logger, after
 * logback has stopped, so the test runs the node in a process of its own and reads what it prints.
 */
class NodeCloseTest {
  @TempDir
  Path dir;

  @Test
  void close_withOpenOutboundPools_printsNoPekkoError() {
    CommandProcess node = CommandProcess.run(CommandProcess.testMain(NodeCloseTest.class), dir, Map.of(), Duration.ofSeconds(120));
    assertEquals(0, node.exitCode(), node.output());
    assertTrue(node.printed().contains("node closed"), node.output());
    // The test's own logback prints its INFO lines here too; only Pekko's standard-output logger's count.
    List<String> pekko = node.printed().stream().filter(line -> CommandProcess.FRAMEWORK_LINE.matcher(line).matches()
        && line.startsWith("[")).toList();
    assertEquals(List.of(), pekko, node.output());
    // Leaving of its own accord is no loss of governance: the cluster-health monitor stays silent.
    List<String> cutOff = node.printed().stream().filter(line -> line.contains("cannot govern what it runs")).toList();
    assertEquals(List.of(), cutOff, node.output());
  }

  /** The process: a node, an outbound pool to each of two host names, then the node closed. */
  public static void main(String[] args) throws Exception {
    GatewayFixture fixture = GatewayFixture.builder().unsigned().start();
    try {
      GatewayNode node = fixture.node();
      for (String host : List.of("127.0.0.1", "localhost")) {
        Http.get(node.system()).singleRequest(HttpRequest.GET("http://" + host + ":" + node.httpPort() + "/health/live"))
            .toCompletableFuture().get(30, TimeUnit.SECONDS).discardEntityBytes(node.system());
      }
    } finally {
      fixture.close();
    }
    System.out.println("node closed");
    System.out.flush();
    System.exit(0);
  }
}
