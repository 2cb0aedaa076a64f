package io.fxg.cli;

import io.fxg.cluster.NodeConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fxg demo [--verbose] [--no-traffic | --federated]}: one node on the embedded default with a
 * demo federation and demo traffic, or ({@code --federated}) two peer gateways in one process with
 * traffic through the first. The terminal gets a start line, warnings and errors, the summary and
 * one line per demo outcome; the framework log goes to {@code $FXG_HOME/logs/fxg.log}.
 */
@Command(name = "demo", description = "One node on the embedded H2 journal, a demo target domain and demo traffic.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--verbose", description = "show INFO log lines on the terminal too (FXG_LOG_LEVEL=INFO does the same)")
  boolean verbose;

  @Option(names = "--no-traffic", description = "the node, the demo target, federation and policy, but no demo traffic")
  boolean noTraffic;

  @Option(names = "--federated", description = "two peer gateways: gw-a (FXG_HTTP_PORT, 8080; partner-a, partner-b) and "
      + "gw-b (FXG_PEER_HTTP_PORT, 8081; acme and the demo target), traffic through gw-a")
  boolean federated;

  @Override
  public Integer call() throws Exception {
    if (federated && noTraffic) {
      System.err.println("fxg demo: --federated and --no-traffic do not go together");
      return 2;
    }
    Path log = TerminalLogging.forNode(NodeConfig.load(null), verbose);
    if (federated) {
      System.out.println("fxg demo: starting two peer gateways (gw-a, gw-b), the demo target and federated traffic"
          + " (framework log " + log + ")");
      return io.fxg.demo.FederatedDemo.run(log);
    }
    System.out.println("fxg demo: starting a node, the demo target" + (noTraffic ? "" : " and demo traffic")
        + " (framework log " + log + ")");
    return io.fxg.demo.Demo.run(log, !noTraffic);
  }
}
