package io.fxg.cli;

import io.fxg.cluster.NodeConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fxg demo [--verbose]}: one node on the embedded default with a demo federation and demo
 * traffic. The terminal gets a start line, warnings and errors, the summary and one line per
 * demo outcome; the framework log goes to {@code $FXG_HOME/logs/fxg.log}.
 */
@Command(name = "demo", description = "One node on the embedded H2 journal, a demo target domain and demo traffic.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--verbose", description = "show INFO log lines on the terminal too (FXG_LOG_LEVEL=INFO does the same)")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Path log = TerminalLogging.forNode(NodeConfig.load(null), verbose);
    System.out.println("fxg demo: starting a node, the demo target and demo traffic (framework log " + log + ")");
    return io.fxg.demo.Demo.run(log);
  }
}
