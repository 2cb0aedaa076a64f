package io.fxg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.bench.Bench;
import io.fxg.bench.BenchOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code fxg bench}: the end-to-end benchmark ({@link io.fxg.bench}). Writes the JSON result to
 * {@code --out}, prints a short table, the governed/ungoverned ratio, issue 16's targets and the
 * audit of the run's journal. Exit 0 when the run completed and its journal audited clean (a
 * missed target is reported, not an error), 1 when it could not run, 2 on invalid options
 * (picocli), 3 when the audit failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the governed path against an ungoverned forward and the target called directly.")
public final class BenchCommand implements Callable<Integer> {
  /** Exit status when the run completed but the audit of its journal found a discrepancy or could not read it. */
  static final int AUDIT_FAILED = 3;
  static final List<String> PHASES = List.of("direct", "ungoverned", "closed", "open", "overload");

  @Spec
  CommandSpec spec;

  @Option(names = "--mode", defaultValue = "full",
      description = "full (direct, ungoverned, governed closed and open loop, overload), soak (open loop for --duration,"
          + " heap), revocation")
  String mode;

  @Option(names = "--duration", defaultValue = "10", description = "measured seconds per phase (soak: in all)")
  int duration;

  @Option(names = "--warmup", defaultValue = "10", description = "governed warm-up seconds")
  int warmup;

  @Option(names = "--rate", defaultValue = "auto", converter = RateConverter.class,
      description = "open-loop executions per second, or auto (default): 50%% of the closed loop's throughput just"
          + " measured on the same path; without a closed loop (soak, --only open) " + BenchOptions.FALLBACK_RATE + "/s")
  int rate;

  @Option(names = "--concurrency", defaultValue = "64", description = "requests in flight in the closed loops")
  int concurrency;

  @Option(names = "--principals", defaultValue = "16", description = "principal keys the load is spread over")
  int principals;

  @Option(names = "--live", defaultValue = "1000", description = "revocation mode: executions running when the key is revoked")
  int live;

  @Option(names = "--out", defaultValue = "target/bench/bench.json", description = "JSON result file")
  Path out;

  @Option(names = "--only", split = ",", defaultValue = "direct,ungoverned,closed,open,overload",
      description = "full mode: the phases to run, of direct, ungoverned, closed, open, overload (default all;"
          + " overload: open loop at twice the closed loop's throughput, needs closed)")
  Set<String> phases;

  @Option(names = "--drain", defaultValue = "60", description = "seconds to wait for proofs after a governed phase")
  int drain;

  @Option(names = "--keep-home", description = "keep the temporary FXG_HOME (journal, keys), e.g. for fxg audit")
  boolean keepHome;

  @Option(names = "--nodes", defaultValue = "1",
      description = "gateway nodes in this JVM, one cluster on one journal (use FXG_JDBC_URL for PostgreSQL)")
  int nodes;

  @Override
  public Integer call() throws Exception {
    if (!PHASES.containsAll(phases)) {
      throw new ParameterException(spec.commandLine(), "--only " + String.join(",", phases) + ": the phases are " + PHASES);
    }
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
    return result.path("audit").path("ok").asBoolean(true) ? 0 : AUDIT_FAILED;
  }

  /** {@code auto} ({@link BenchOptions#AUTO_RATE}) or a positive number of executions per second. */
  static final class RateConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (value.equals("auto")) {
        return BenchOptions.AUTO_RATE;
      }
      try {
        int rate = Integer.parseInt(value);
        if (rate >= 1) {
          return rate;
        }
      } catch (NumberFormatException e) {
        // reported below, with what is accepted
      }
      throw new TypeConversionException("'" + value + "' is neither auto nor a positive number of executions per second");
    }
  }
}
