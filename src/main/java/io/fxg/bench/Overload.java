package io.fxg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The figures of the overload phase (an open loop at twice the closed-loop maximum): refusals by
 * admission control, any other server error, the accepted executions' p99 against the unloaded
 * p99, and the completed throughput against the maximum. The phase's latencies count only
 * executions answered {@code 200 completed} ({@link LoadGenerator} records no refusal in its
 * histogram), measured from the intended send time.
 */
final class Overload {
  /** How {@link Workloads#governed} labels admission control's refusal: {@code 503} with its problem type. */
  static final String OVERLOADED = "http 503 urn:fxg:problem:overloaded";

  private Overload() {}

  /** The open-loop rate of the phase: twice the maximum, at least 1/s. */
  static int rate(double maxThroughput) {
    return Math.max(1, (int) Math.round(2 * maxThroughput));
  }

  /** Adds the overload figures to {@code phase} (the phase's own JSON, with {@code errors_by_kind}). */
  static void addFigures(ObjectNode phase, int offeredRate, double maxThroughput, JsonNode unloaded) {
    JsonNode kinds = phase.path("errors_by_kind");
    phase.put("offered_rate", offeredRate);
    phase.put("max_throughput", maxThroughput);
    phase.put("refused_overloaded", kinds.path(OVERLOADED).asLong());
    phase.put("server_errors_other", otherServerErrors(kinds));
    if (maxThroughput > 0) {
      phase.put("throughput_vs_max", Resources.round(phase.path("throughput").asDouble() / maxThroughput));
    }
    if (phase.has("p99_ms")) {
      phase.put("accepted_p99_ms", phase.path("p99_ms").asDouble());
    }
    if (phase.has("p99_ms") && unloaded.path("p99_ms").asDouble() > 0) {
      phase.put("unloaded_p99_ms", unloaded.path("p99_ms").asDouble());
      phase.put("p99_vs_unloaded", Resources.round(phase.path("p99_ms").asDouble() / unloaded.path("p99_ms").asDouble()));
    }
    phase.put("overload_note", "offered_rate: 2 x max_throughput (the closed loop's); accepted_p99_ms: executions"
        + " answered 200 completed, from the intended send time; unloaded_p99_ms: the open loop at latency_rate;"
        + " server_errors_other: 5xx answers other than " + OVERLOADED);
  }

  /** 5xx answers other than admission control's {@code 503 overloaded}, from the error labels. */
  static long otherServerErrors(JsonNode errorsByKind) {
    long n = 0;
    for (Map.Entry<String, JsonNode> kind : errorsByKind.properties()) {
      if (kind.getKey().startsWith("http 5") && !kind.getKey().equals(OVERLOADED)) {
        n += kind.getValue().asLong();
      }
    }
    return n;
  }
}
