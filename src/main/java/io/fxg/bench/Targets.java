package io.fxg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 16's targets judged against one run's result: each entry names the target, what was
 * measured (as text and as numbers), and its {@code status}: {@code met} or {@code missed} (then
 * {@code met} is a boolean), {@code report only} (a figure without a bound), or {@code not
 * measured} (the phase did not run).
 */
final class Targets {
  static final double RATIO_MIN = 0.40;
  static final double P99_MAX_MS = 25;
  static final double P999_MAX_MS = 100;
  /** Overload: the accepted executions' p99 at most this many times the unloaded p99. */
  static final double OVERLOAD_P99_FACTOR_MAX = 4;
  /** Overload: the completed throughput at least this share of the closed-loop maximum. */
  static final double OVERLOAD_THROUGHPUT_MIN = 0.9;

  private Targets() {}

  static ObjectNode evaluate(JsonNode result) {
    JsonNode governed = result.path("governed");
    ObjectNode targets = Json.object();
    targets.set("ratio", ratio(result));
    targets.set("latency_at_half_load", latency(governed));
    targets.set("overload", overload(governed.path("overload")));
    targets.set("cpu_per_execution", cpu(governed));
    targets.set("bytes_per_execution", bytes(result.path("journal")));
    return targets;
  }

  /** One line per target: what it asks, what was measured, and the status. */
  static String text(JsonNode targets) {
    StringBuilder t = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : targets.properties()) {
      JsonNode target = e.getValue();
      t.append("target ").append(target.path("target").asText()).append(": ").append(target.path("measured").asText())
          .append(": ").append(target.path("status").asText()).append('\n');
    }
    return t.toString();
  }

  private static ObjectNode ratio(JsonNode result) {
    String target = "governed/ungoverned throughput >= " + percent(RATIO_MIN);
    if (!result.has("ratio")) {
      return notMeasured(target);
    }
    double ratio = result.path("ratio").asDouble();
    ObjectNode entry = judged(target, String.format(Locale.ROOT, "%s (%.1f vs %.1f/s)", percent(ratio),
        result.path("governed").path("throughput").asDouble(), result.path("ungoverned").path("throughput").asDouble()),
        ratio >= RATIO_MIN);
    entry.put("ratio", ratio);
    return entry;
  }

  private static ObjectNode latency(JsonNode governed) {
    String target = String.format(Locale.ROOT, "p99 submit->completed <= %.0f ms and p99.9 <= %.0f ms at 50%% load",
        P99_MAX_MS, P999_MAX_MS);
    JsonNode open = governed.path("open_loop");
    if (!open.has("p99_ms") || !open.has("p999_ms")) {
      return notMeasured(target);
    }
    double p99 = open.path("p99_ms").asDouble();
    double p999 = open.path("p999_ms").asDouble();
    ObjectNode entry = judged(target, String.format(Locale.ROOT, "p99 %.2f ms, p99.9 %.2f ms at %d/s (%s)", p99, p999,
        governed.path("latency_rate").asInt(), governed.path("latency_rate_basis").asText()),
        p99 <= P99_MAX_MS && p999 <= P999_MAX_MS);
    entry.put("p99_ms", p99);
    entry.put("p999_ms", p999);
    entry.put("rate", governed.path("latency_rate").asInt());
    entry.put("rate_basis", governed.path("latency_rate_basis").asText());
    return entry;
  }

  private static ObjectNode overload(JsonNode overload) {
    String target = String.format(Locale.ROOT, "overload at 2x max: no 5xx but 503 overloaded, accepted p99 <= %.0fx"
        + " unloaded, throughput >= %s of max", OVERLOAD_P99_FACTOR_MAX, percent(OVERLOAD_THROUGHPUT_MIN));
    if (!overload.has("throughput_vs_max")) {
      return notMeasured(target);
    }
    long otherErrors = overload.path("server_errors_other").asLong();
    double throughput = overload.path("throughput_vs_max").asDouble();
    boolean p99Measured = overload.has("p99_vs_unloaded");
    double p99Factor = overload.path("p99_vs_unloaded").asDouble();
    boolean met = otherErrors == 0 && p99Measured && p99Factor <= OVERLOAD_P99_FACTOR_MAX
        && throughput >= OVERLOAD_THROUGHPUT_MIN;
    ObjectNode entry = judged(target, String.format(Locale.ROOT,
        "%d other 5xx (%d refused 503 overloaded), accepted p99 %s unloaded (%.2f vs %.2f ms), throughput %s of max"
            + " (%.1f of %.1f/s at %d/s offered)",
        otherErrors, overload.path("refused_overloaded").asLong(),
        p99Measured ? String.format(Locale.ROOT, "%.2fx", p99Factor) : "-x",
        overload.path("accepted_p99_ms").asDouble(), overload.path("unloaded_p99_ms").asDouble(), percent(throughput),
        overload.path("throughput").asDouble(), overload.path("max_throughput").asDouble(),
        overload.path("offered_rate").asInt()), met);
    entry.put("server_errors_other", otherErrors);
    if (p99Measured) {
      entry.put("p99_vs_unloaded", p99Factor);
    } else {
      entry.putNull("p99_vs_unloaded");
    }
    entry.put("throughput_vs_max", throughput);
    return entry;
  }

  private static ObjectNode cpu(JsonNode governed) {
    String target = "cpu per governed execution (report only)";
    if (governed.path("cpu_us_per_execution").asDouble() <= 0) {
      return notMeasured(target);
    }
    ObjectNode entry = reported(target, String.format(Locale.ROOT, "%.0f µs process, %.0f µs node threads",
        governed.path("cpu_us_per_execution").asDouble(), governed.path("node_cpu_us_per_execution").asDouble()));
    entry.put("cpu_us_per_execution", governed.path("cpu_us_per_execution").asDouble());
    entry.put("node_cpu_us_per_execution", governed.path("node_cpu_us_per_execution").asDouble());
    return entry;
  }

  private static ObjectNode bytes(JsonNode journal) {
    String target = "journal and log bytes per execution (report only)";
    if (!journal.has("journal_bytes_per_execution")) {
      return notMeasured(target);
    }
    ObjectNode entry = reported(target, String.format(Locale.ROOT, "journal %d, log %d bytes",
        journal.path("journal_bytes_per_execution").asLong(), journal.path("log_bytes_per_execution").asLong()));
    entry.put("journal_bytes_per_execution", journal.path("journal_bytes_per_execution").asLong());
    entry.put("log_bytes_per_execution", journal.path("log_bytes_per_execution").asLong());
    return entry;
  }

  private static ObjectNode judged(String target, String measured, boolean met) {
    ObjectNode entry = entry(target, measured, met ? "met" : "missed");
    entry.put("met", met);
    return entry;
  }

  private static ObjectNode reported(String target, String measured) {
    return entry(target, measured, "report only");
  }

  private static ObjectNode notMeasured(String target) {
    return entry(target, "-", "not measured");
  }

  private static ObjectNode entry(String target, String measured, String status) {
    ObjectNode entry = Json.object();
    entry.put("target", target);
    entry.put("measured", measured);
    entry.put("status", status);
    return entry;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
