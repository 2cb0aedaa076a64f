package io.fxg.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import org.junit.jupiter.api.Test;

/** Issue 16's targets judged from hand-made results: each bound, and what counts as a server error. */
class TargetsTest {
  @Test
  void evaluate_withinEveryBound_meetsTheJudgedTargets() {
    JsonNode targets = Targets.evaluate(result(0.41, 24.0, 99.0, overload(90.0, 2.0)));

    for (String judged : new String[] {"ratio", "latency_at_half_load", "overload"}) {
      assertTrue(targets.path(judged).path("met").asBoolean(), judged + " in " + targets);
      assertEquals("met", targets.path(judged).path("status").asText());
    }
  }

  @Test
  void evaluate_p999AboveItsBound_missesTheLatencyTarget() {
    JsonNode targets = Targets.evaluate(result(0.41, 24.0, 101.0, overload(90.0, 2.0)));

    assertFalse(targets.path("latency_at_half_load").path("met").asBoolean());
    assertEquals("missed", targets.path("latency_at_half_load").path("status").asText());
  }

  @Test
  void evaluate_overloadWithA500_missesTheOverloadTarget() {
    JsonNode targets = Targets.evaluate(result(0.41, 24.0, 99.0, overload(95.0, 2.0, "http 500 urn:fxg:problem:internal")));

    assertFalse(targets.path("overload").path("met").asBoolean(), targets.toString());
  }

  @Test
  void evaluate_overloadThroughputBelowNinetyPercent_missesTheOverloadTarget() {
    JsonNode targets = Targets.evaluate(result(0.41, 24.0, 99.0, overload(89.0, 2.0)));

    assertFalse(targets.path("overload").path("met").asBoolean(), targets.toString());
  }

  @Test
  void evaluate_overloadP99AboveFourTimesUnloaded_missesTheOverloadTarget() {
    JsonNode targets = Targets.evaluate(result(0.41, 24.0, 99.0, overload(95.0, 4.5)));

    assertFalse(targets.path("overload").path("met").asBoolean(), targets.toString());
  }

  @Test
  void evaluate_withoutTheOverloadPhase_saysNotMeasured() {
    JsonNode targets = Targets.evaluate(result(0.41, 24.0, 99.0, Json.object()));

    assertEquals("not measured", targets.path("overload").path("status").asText());
    assertFalse(targets.path("overload").has("met"));
  }

  @Test
  void otherServerErrors_countsEvery5xxButOverloaded() {
    ObjectNode kinds = Json.object();
    kinds.put(Overload.OVERLOADED, 7);
    kinds.put("http 503 urn:fxg:problem:unavailable", 2);
    kinds.put("http 503 ", 1);
    kinds.put("http 429 urn:fxg:problem:rate-limited", 5);
    kinds.put("HttpTimeoutException: request timed out", 3);

    assertEquals(3, Overload.otherServerErrors(kinds));
  }

  @Test
  void auditLine_withAFinding_saysFailedAndShowsIt() {
    ObjectNode audit = Json.object().put("ok", false).put("records", 10).put("finding_count", 1);
    audit.putArray("findings").add("FAIL chain: Execution|x seq 3: hash mismatch");

    String line = BenchResults.auditLine(audit);

    assertTrue(line.startsWith("audit: FAILED, 1 discrepancies"), line);
    assertTrue(line.endsWith("FAIL chain: Execution|x seq 3: hash mismatch"), line);
  }

  /** A run's result with the figures the targets read; {@code overload} as the overload phase's JSON. */
  private static ObjectNode result(double ratio, double p99, double p999, ObjectNode overload) {
    ObjectNode result = Json.object().put("ratio", ratio);
    ObjectNode governed = result.putObject("governed").put("throughput", 100.0).put("latency_rate", 50)
        .put("latency_rate_basis", "50% of the closed-loop maximum").put("cpu_us_per_execution", 2500.0);
    governed.putObject("open_loop").put("p99_ms", p99).put("p999_ms", p999);
    governed.set("overload", overload);
    result.putObject("ungoverned").put("throughput", 250.0);
    result.putObject("journal").put("journal_bytes_per_execution", 6800).put("log_bytes_per_execution", 4500);
    return result;
  }

  /**
   * The overload phase against a maximum of 100/s and an unloaded p99 of 10 ms, with its figures as
   * {@link Overload#addFigures} leaves them: 100 refusals {@code 503 overloaded} and one error of
   * each further kind.
   */
  private static ObjectNode overload(double throughput, double p99Factor, String... furtherErrorKinds) {
    ObjectNode phase = Json.object().put("throughput", throughput).put("p99_ms", 10 * p99Factor);
    ObjectNode kinds = phase.putObject("errors_by_kind").put(Overload.OVERLOADED, 100);
    for (String kind : furtherErrorKinds) {
      kinds.put(kind, 1);
    }
    Overload.addFigures(phase, Overload.rate(100), 100, Json.object().put("p99_ms", 10.0));
    return phase;
  }
}
