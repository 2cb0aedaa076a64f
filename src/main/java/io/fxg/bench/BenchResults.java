package io.fxg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The JSON result of a run and its short text table. */
public final class BenchResults {
  private BenchResults() {}

  static ObjectNode machine() {
    ObjectNode m = Json.object();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    m.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("cpu_model", cpuModel());
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    m.put("load_average", Resources.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return m;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Throughput, counts and latency percentiles (ms) of one phase. */
  static ObjectNode phase(LoadGenerator.Result r) {
    ObjectNode p = Json.object();
    p.put("throughput", Resources.round(r.throughput()));
    p.put("ok", r.ok());
    p.put("errors", r.errors());
    p.put("dropped", r.dropped());
    p.put("seconds", Resources.round(r.seconds()));
    latencies(p, "", r.latencyMicros());
    ObjectNode kinds = p.putObject("errors_by_kind");
    r.errorsByKind().forEach(kinds::put);
    return p;
  }

  /** The governed figures of a full run: closed-loop throughput and CPU, open-loop latencies, and the phases. */
  static ObjectNode governed(ObjectNode closed, ObjectNode open, ObjectNode overload, OpenLoopRate rate, int concurrency) {
    ObjectNode governed = Json.object();
    governed.put("throughput", closed.path("throughput").asDouble());
    governed.put("proven_throughput", closed.path("proven_throughput").asDouble());
    governed.put("latency_rate", rate.perSecond());
    governed.put("latency_rate_basis", rate.basis());
    governed.put("p50_ms", open.path("p50_ms").asDouble());
    governed.put("p90_ms", open.path("p90_ms").asDouble());
    governed.put("p99_ms", open.path("p99_ms").asDouble());
    governed.put("p999_ms", open.path("p999_ms").asDouble());
    governed.put("proof_p50_ms", open.path("proof_p50_ms").asDouble());
    governed.put("proof_p99_ms", open.path("proof_p99_ms").asDouble());
    governed.put("cpu_us_per_execution", closed.path("cpu").path("process_us_per_op").asDouble());
    governed.put("node_cpu_us_per_execution", closed.path("cpu").path("node_us_per_op").asDouble());
    governed.put("note", "throughput: closed loop with " + concurrency + " in flight, counting executions"
        + " answered 200 completed; proven_throughput: those that also reached proof.persisted; latencies: open loop at"
        + " latency_rate/s, submit (intended send time) to the 200 answer; proof: submit to the proof.persisted record"
        + " journaled; cpu_us_per_execution: process CPU time over the closed loop's window / executions answered (the"
        + " whole process: node, target, client, GC, JIT); node_cpu_us_per_execution: the node's threads only;"
        + " latency_rate_basis: --rate, or 50% of the closed-loop maximum (--rate auto); overload: open loop at twice"
        + " the closed loop's throughput");
    governed.set("closed_loop", closed);
    governed.set("open_loop", open);
    governed.set("overload", overload);
    return governed;
  }

  static void latencies(ObjectNode into, String prefix, Histogram live) {
    // A copy: the probe may still be recording (a drain in progress), and iterating a histogram
    // that changes underneath (getMean) throws ConcurrentModificationException.
    Histogram h = live.copy();
    if (h.getTotalCount() == 0) {
      return;
    }
    into.put(prefix + "p50_ms", ms(h.getValueAtPercentile(50)));
    into.put(prefix + "p90_ms", ms(h.getValueAtPercentile(90)));
    into.put(prefix + "p99_ms", ms(h.getValueAtPercentile(99)));
    into.put(prefix + "p999_ms", ms(h.getValueAtPercentile(99.9)));
    into.put(prefix + "max_ms", ms(h.getMaxValue()));
    into.put(prefix + "mean_ms", Resources.round(h.getMean() / 1000.0));
  }

  private static double ms(long micros) {
    return Resources.round(micros / 1000.0);
  }

  public static void write(JsonNode result, Path out) throws IOException {
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
  }

  /** One line per measured phase: throughput, latency percentiles, CPU. */
  public static String table(JsonNode result) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%-26s %10s %9s %9s %9s %9s %9s %7s %9s%n",
        "phase", "req/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "proof p99", "cpu", "cpu µs/op"));
    for (Map.Entry<String, JsonNode> row : rows(result)) {
      JsonNode p = row.getValue();
      t.append(String.format(Locale.ROOT, "%-26s %10.1f %9s %9s %9s %9s %9s %7s %9s%n", row.getKey(),
          p.path("throughput").asDouble(), num(p, "p50_ms"), num(p, "p90_ms"), num(p, "p99_ms"),
          num(p, "p999_ms"), num(p, "proof_p99_ms"), num(p.path("cpu"), "process_cores"),
          num(p.path("cpu"), "process_us_per_op")));
    }
    return t.toString();
  }

  /**
   * The figures issue 16 asks for in one block: the governed/ungoverned ratio of this run (with the
   * proven ratio), journal and log bytes per execution (with all tables and events), the load
   * average around the run, one line per issue-16 target ({@link Targets}: CPU per governed
   * execution is printed there) and the audit of the run's journal.
   */
  public static String summary(JsonNode result) {
    StringBuilder t = new StringBuilder();
    if (result.has("ratio")) {
      t.append(String.format(Locale.ROOT, "governed/ungoverned throughput ratio: %.3f (%.1f%%), proven %.3f%n",
          result.get("ratio").asDouble(), 100 * result.get("ratio").asDouble(), result.path("proven_ratio").asDouble()));
    }
    JsonNode j = result.path("journal");
    if (j.has("journal_bytes_per_execution")) {
      t.append(String.format(Locale.ROOT, "bytes per execution: journal %d, log %d, all tables %d (%d events)%n",
          j.path("journal_bytes_per_execution").asLong(), j.path("log_bytes_per_execution").asLong(),
          j.path("all_tables_bytes_per_execution").asLong(), j.path("execution_events_per_execution").asLong()));
    }
    JsonNode m = result.path("machine");
    t.append(String.format(Locale.ROOT, "load average: %.2f at the start, %.2f at the end (%d cores)%n",
        m.path("load_average").asDouble(), m.path("load_average_end").asDouble(), m.path("cores").asInt()));
    t.append(Targets.text(result.path("targets")));
    if (result.has("audit")) {
      t.append(auditLine(result.get("audit"))).append('\n');
    }
    return t.toString();
  }

  /** {@code audit: OK, ...} with the counts, or {@code audit: FAILED} with the error or the first finding. */
  static String auditLine(JsonNode audit) {
    if (audit.has("error")) {
      return "audit: FAILED: " + audit.get("error").asText();
    }
    String counts = String.format(Locale.ROOT, "%,d records in %,d chains, %,d log leaves, %,d checkpoints; %.1f s",
        audit.path("records").asLong(), audit.path("chains").asLong(), audit.path("leaves").asLong(),
        audit.path("checkpoints").asLong(), audit.path("seconds").asDouble());
    if (audit.path("ok").asBoolean()) {
      return "audit: OK, " + counts;
    }
    return "audit: FAILED, " + audit.path("finding_count").asLong() + " discrepancies (" + counts + "), first: "
        + audit.path("findings").path(0).asText();
  }

  private static Iterable<Map.Entry<String, JsonNode>> rows(JsonNode result) {
    java.util.List<Map.Entry<String, JsonNode>> rows = new java.util.ArrayList<>();
    for (String name : new String[] {"direct", "ungoverned", "ungoverned_open_loop"}) {
      JsonNode closed = name.equals("ungoverned_open_loop") ? result.path("ungoverned").path("open_loop") : result.path(name);
      if (closed.has("throughput")) {
        rows.add(Map.entry(name.equals("ungoverned_open_loop") ? "ungoverned open loop" : name + " (closed loop)", closed));
      }
    }
    JsonNode g = result.path("governed");
    if (g.path("closed_loop").has("throughput")) {
      rows.add(Map.entry("governed (closed loop)", g.path("closed_loop")));
    }
    if (g.path("open_loop").has("throughput")) {
      rows.add(Map.entry("governed open loop", g.path("open_loop")));
    }
    if (g.path("overload").has("throughput")) {
      rows.add(Map.entry("governed overload (2x max)", g.path("overload")));
    }
    return rows;
  }

  private static String num(JsonNode node, String field) {
    return node.has(field) ? String.format(Locale.ROOT, "%.2f", node.get(field).asDouble()) : "-";
  }
}
