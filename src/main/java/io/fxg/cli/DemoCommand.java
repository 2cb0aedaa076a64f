package io.fxg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code fxg demo}: one node on the embedded default with a demo federation and demo traffic. */
@Command(name = "demo", description = "One node on the embedded H2 journal, a demo target domain and demo traffic.")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return io.fxg.demo.Demo.run();
  }
}
