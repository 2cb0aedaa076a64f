package io.fxg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Runs the bench: {@code FULL} measures the target called directly, the ungoverned forward and the
 * governed path (closed loop for throughput, open loop at {@code --rate} for latency, by default
 * at half the closed loop's throughput, and the overload at twice it) in one run on one target;
 * {@code SOAK} holds the open-loop rate for the whole duration and follows the heap; both end with
 * the journal audit once the nodes are stopped, and judge issue 16's {@link Targets}. {@code
 * REVOCATION} is {@link RevocationRun}. Returns the JSON result.
 */
public final class Bench {
  private static final int CLIENT_THREADS = 4;

  private final BenchOptions options;
  private final PrintStream log;
  private final Resources resources = new Resources();
  /** Excluded from each phase's figures: connections open, the JIT settles on the new path. */
  private final Duration ramp;

  public Bench(BenchOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
    this.ramp = Duration.ofSeconds(Math.max(1, Math.min(2, options.durationSeconds() / 5)));
  }

  public ObjectNode run() throws Exception {
    ObjectNode result = Json.object();
    result.put("date", Instant.now().toString());
    result.put("mode", options.mode().name().toLowerCase(java.util.Locale.ROOT));
    result.set("machine", BenchResults.machine());
    result.set("options", Json.toTree(options).deepCopy());
    if (options.mode() == BenchOptions.Mode.REVOCATION) {
      result.set("revocation", new RevocationRun(options, log).run());
    } else {
      try (BenchRig rig = BenchRig.start(options.principals(), 1, options.keepHome(), options.nodes())) {
        measure(result, rig);
        result.set("journal", JournalFootprint.measure(rig.config, rig.home));
        result.put("journal_note", "bytes of the whole database divided by the executions in it (warm-up included)");
        rig.stop();
        result.set("audit", BenchAudit.run(rig.config, log));
      }
      result.set("targets", Targets.evaluate(result));
    }
    result.with("machine").put("load_average_end",
        Resources.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return result;
  }

  /** Warm-up and the mode's phases; the proxy and the load generator are closed before the rig stops. */
  private void measure(ObjectNode result, BenchRig rig) throws Exception {
    try (UngovernedProxy proxy = UngovernedProxy.start(rig.targets.get(0).endpoint());
        LoadGenerator load = new LoadGenerator(CLIENT_THREADS)) {
      log.println("bench: nodes " + rig.gateways + ", target " + rig.targets.get(0).endpoint() + ", proxy " + proxy.endpoint());
      ArtifactPool artifacts = new ArtifactPool(Math.max(32, 2 * options.concurrency()));
      warmUp(rig, load, artifacts);
      if (options.mode() == BenchOptions.Mode.FULL) {
        full(result, rig, proxy, load, artifacts);
      } else {
        soak(result, rig, load);
      }
    }
  }

  private void warmUp(BenchRig rig, LoadGenerator load, ArtifactPool artifacts) throws Exception {
    log.println("bench: warm-up " + options.warmupSeconds() + " s (governed, closed loop)");
    long deadline = System.nanoTime() + Duration.ofSeconds(options.warmupSeconds() + 30).toNanos();
    do {
      load.closedLoop(Workloads.governed(rig, null, null, artifacts, 900), options.concurrency(), Duration.ZERO,
          Duration.ofSeconds(Math.max(1, options.warmupSeconds())));
    } while (!artifacts.full() && System.nanoTime() < deadline);
    if (artifacts.size() < options.concurrency()) {
      throw new IllegalStateException("warm-up completed only " + artifacts.size() + " executions; the governed path fails");
    }
    long deadline2 = System.nanoTime() + Duration.ofSeconds(Math.min(30, options.drainSeconds())).toNanos();
    while (rig.probe.proofs() < rig.probe.ended("completed") && System.nanoTime() < deadline2) {
      Thread.sleep(50);
    }
    rig.probe.forgetAwaiting();
  }

  private void full(ObjectNode result, BenchRig rig, UngovernedProxy proxy, LoadGenerator load, ArtifactPool artifacts)
      throws Exception {
    Duration measure = Duration.ofSeconds(options.durationSeconds());
    int c = options.concurrency();
    ObjectNode direct = Json.object();
    ObjectNode ungoverned = Json.object();
    ObjectNode closed = Json.object();
    ObjectNode open = Json.object();
    ObjectNode overload = Json.object();
    if (options.phases().contains("direct")) {
      direct = measured("direct", () -> load.closedLoop(
          Workloads.execute(rig, rig.targets.get(0).endpoint(), artifacts), c, ramp, measure));
    }
    if (options.phases().contains("ungoverned")) {
      ungoverned = measured("ungoverned", () -> load.closedLoop(
          Workloads.execute(rig, proxy.endpoint(), artifacts), c, ramp, measure));
      OpenLoopRate ungovernedRate = OpenLoopRate.of(options, ungoverned);
      ungoverned.put("open_loop_rate", ungovernedRate.perSecond());
      ungoverned.put("open_loop_rate_basis", ungovernedRate.basis());
      ungoverned.set("open_loop", measured("ungoverned open loop at " + ungovernedRate, () -> load.openLoop(
          Workloads.execute(rig, proxy.endpoint(), artifacts), ungovernedRate.perSecond(), ramp, measure,
          artifacts.size())));
    }
    if (options.phases().contains("closed")) {
      closed = governedPhase(rig, "governed closed loop", (hist, proven) -> load.closedLoop(
          Workloads.governed(rig, hist, proven, null, 60), c, ramp, measure));
    }
    OpenLoopRate rate = OpenLoopRate.of(options, closed);
    if (options.phases().contains("open")) {
      open = governedPhase(rig, "governed open loop at " + rate, (hist, proven) -> load.openLoop(
          Workloads.governed(rig, hist, proven, null, 60), rate.perSecond(), ramp, measure, 20_000));
    }
    if (options.phases().contains("overload")) {
      overload = overload(rig, load, closed, open);
    }
    result.set("governed", BenchResults.governed(closed, open, overload, rate, c));
    result.set("ungoverned", ungoverned);
    result.set("direct", direct);
    if (closed.has("throughput") && ungoverned.has("throughput")) {
      result.put("ratio", Resources.round(closed.path("throughput").asDouble() / ungoverned.path("throughput").asDouble()));
      result.put("ratio_note", "governed closed-loop executions/s (through the 200 completed) / ungoverned forwards/s,"
          + " same run, same concurrency; proven_ratio counts only executions that also reached proof.persisted");
      result.put("proven_ratio", Resources.round(closed.path("proven_throughput").asDouble()
          / ungoverned.path("throughput").asDouble()));
    }
  }

  /** The open loop at twice the closed loop's throughput (the maximum), so it needs the closed loop. */
  private ObjectNode overload(BenchRig rig, LoadGenerator load, JsonNode closed, JsonNode open) throws Exception {
    if (!closed.has("throughput")) {
      log.println("bench: overload skipped: it runs at twice the closed loop's throughput, and the closed loop did not run");
      return Json.object().put("skipped", "needs the closed loop (its throughput is the maximum)");
    }
    double max = closed.path("throughput").asDouble();
    int rate = Overload.rate(max);
    ObjectNode phase = governedPhase(rig, "governed overload at " + rate + "/s (2x the closed-loop maximum)",
        (hist, proven) -> load.openLoop(Workloads.governed(rig, hist, proven, null, 60), rate, ramp,
            Duration.ofSeconds(options.durationSeconds()), 20_000));
    Overload.addFigures(phase, rate, max, open);
    return phase;
  }

  private void soak(ObjectNode result, BenchRig rig, LoadGenerator load) throws Exception {
    long liveStart = Resources.liveHeapMb();
    var histogramStart = Resources.liveHistogram(15);
    long from = resources.sinceStartMillis();
    OpenLoopRate rate = OpenLoopRate.of(options, Json.object());
    ObjectNode open = governedPhase(rig, "soak: governed open loop at " + rate + " for "
        + options.durationSeconds() + " s", (hist, proven) -> load.openLoop(Workloads.governed(rig, hist, proven, null, 60),
        rate.perSecond(), ramp, Duration.ofSeconds(options.durationSeconds()), 20_000));
    ObjectNode heap = resources.heap(from, resources.sinceStartMillis());
    heap.put("live_after_full_gc_start_mb", liveStart);
    heap.put("live_after_full_gc_end_mb", Resources.liveHeapMb());
    heap.set("live_histogram_start", Json.toTree(histogramStart));
    heap.set("live_histogram_end", Json.toTree(Resources.liveHistogram(15)));
    heap.put("executions_in_journal", rig.probe.ended("completed"));
    ObjectNode governed = Json.object();
    governed.put("throughput", open.path("throughput").asDouble());
    governed.put("latency_rate", rate.perSecond());
    governed.put("latency_rate_basis", rate.basis());
    governed.put("p50_ms", open.path("p50_ms").asDouble());
    governed.put("p99_ms", open.path("p99_ms").asDouble());
    governed.put("proof_p99_ms", open.path("proof_p99_ms").asDouble());
    governed.set("open_loop", open);
    result.set("governed", governed);
    result.set("heap", heap);
  }

  @FunctionalInterface
  private interface GovernedLoad {
    LoadGenerator.Result run(Histogram proofLatency, LongAdder proven) throws Exception;
  }

  private ObjectNode governedPhase(BenchRig rig, String name, GovernedLoad load) throws Exception {
    Histogram proofLatency = LifecycleProbe.histogram();
    LongAdder proven = new LongAdder();
    rig.probe.resetSteps();
    ObjectNode phase = measured(name, () -> load.run(proofLatency, proven));
    ObjectNode steps = phase.putObject("steps");
    rig.probe.steps().forEach((type, h) -> {
      ObjectNode step = steps.putObject(type);
      step.put("count", h.getTotalCount());
      BenchResults.latencies(step, "", h);
    });
    int pending = awaitProofs(rig, Duration.ofSeconds(options.drainSeconds()));
    BenchResults.latencies(phase, "proof_", proofLatency);
    phase.put("proven", proven.sum());
    phase.put("proof_missing_after_drain", pending);
    phase.put("proven_throughput", Resources.round(Math.min(proven.sum(), phase.path("ok").asLong())
        / phase.path("seconds").asDouble()));
    log.println("bench:   proof.persisted for " + proven.sum() + " (p99 " + phase.path("proof_p99_ms").asDouble()
        + " ms), " + pending + " missing after the drain");
    return phase;
  }

  private ObjectNode measured(String name, Callable<LoadGenerator.Result> phase) throws Exception {
    log.println("bench: " + name + " ...");
    long from = resources.sinceStartMillis();
    Resources.Snapshot before = resources.snapshot();
    LoadGenerator.Result r = phase.call();
    Resources.Snapshot after = resources.snapshot();
    ObjectNode json = BenchResults.phase(r);
    json.set("cpu", Resources.cpu(before, after, r.ok()));
    json.set("heap", resources.heap(from, resources.sinceStartMillis()));
    log.printf(java.util.Locale.ROOT, "bench:   %.1f/s ok, %d errors %s, p99 %s ms, cpu %.2f cores, load %.2f%n",
        r.throughput(), r.errors(), r.errorsByKind(), json.path("p99_ms").asText("-"),
        json.path("cpu").path("process_cores").asDouble(), after.loadAverage());
    return json;
  }

  /** Waits until every tracked execution has its proof, or the deadline; returns how many are missing. */
  private int awaitProofs(BenchRig rig, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (rig.probe.awaitingProof() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return rig.probe.forgetAwaiting();
  }
}
