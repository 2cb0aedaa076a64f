package io.fxg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.bench.Bench;
import io.fxg.bench.BenchOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fxg bench}: the end-to-end benchmark ({@link io.fxg.bench}). Writes the JSON result to
 * {@code --out}, prints a short table and the governed/ungoverned ratio. Exit 0 when the run
 * completed (figures are reported, never judged here), 1 when it could not run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the governed path against an ungoverned forward and the target called directly.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--mode", defaultValue = "full",
      description = "full (direct, ungoverned, governed closed and open loop), soak (open loop for --duration, heap), revocation")
  String mode;

  @Option(names = "--duration", defaultValue = "10", description = "measured seconds per phase (soak: in all)")
  int duration;

  @Option(names = "--warmup", defaultValue = "10", description = "governed warm-up seconds")
  int warmup;

  @Option(names = "--rate", defaultValue = "1000", description = "open-loop executions per second")
  int rate;

  @Option(names = "--concurrency", defaultValue = "64", description = "requests in flight in the closed loops")
  int concurrency;

  @Option(names = "--principals", defaultValue = "16", description = "principal keys the load is spread over")
  int principals;

  @Option(names = "--live", defaultValue = "1000", description = "revocation mode: executions running when the key is revoked")
  int live;

  @Option(names = "--out", defaultValue = "target/bench/bench.json", description = "JSON result file")
  Path out;

  @Option(names = "--only", split = ",", defaultValue = "direct,ungoverned,closed,open",
      description = "full mode: the phases to run, of direct, ungoverned, closed, open (default all)")
  java.util.Set<String> phases;

  @Option(names = "--drain", defaultValue = "60", description = "seconds to wait for proofs after a governed phase")
  int drain;

  @Option(names = "--keep-home", description = "keep the temporary FXG_HOME (journal, keys), e.g. for fxg audit")
  boolean keepHome;

  @Option(names = "--nodes", defaultValue = "1",
      description = "gateway nodes in this JVM, one cluster on one journal (use FXG_JDBC_URL for PostgreSQL)")
  int nodes;

  @Override
  public Integer call() throws Exception {
    BenchOptions options = new BenchOptions(BenchOptions.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
        duration, warmup, rate, concurrency, principals, live, out, phases, drain, keepHome, nodes);
    ObjectNode result = new Bench(options, System.err).run();
    io.fxg.bench.BenchResults.write(result, out);
    System.out.print(io.fxg.bench.BenchResults.table(result));
    System.out.print(io.fxg.bench.BenchResults.summary(result));
    if (result.has("revocation")) {
      System.out.println("revocation: " + result.get("revocation"));
    }
    if (result.has("heap")) {
      System.out.println("heap: " + result.get("heap"));
    }
    System.out.println("result: " + out.toAbsolutePath());
    return 0;
  }
}
