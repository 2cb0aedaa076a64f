package io.fxg.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench harness runs end to end for a couple of seconds per phase and writes a result with the
 * figures {@code scripts/bench} promises. Asserts shape and that work was done, never a speed.
 */
class BenchTest {
  @TempDir
  Path dir;

  @Test
  void run_forAFewSeconds_writesTheResultJson() throws Exception {
    Path out = dir.resolve("bench.json");
    BenchOptions options = new BenchOptions(BenchOptions.Mode.FULL, 2, 1, BenchOptions.AUTO_RATE, 4, 2, 0, out,
        Set.of("direct", "ungoverned", "closed", "open", "overload"), 5, false, 1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    JsonNode result = new Bench(options, new PrintStream(log, true)).run();
    BenchResults.write(result, out);

    JsonNode written = Json.parse(Files.readString(out));
    assertEquals(result.path("date").asText(), written.path("date").asText());
    for (String field : new String[] {"throughput", "p50_ms", "p99_ms", "proof_p99_ms"}) {
      assertTrue(written.path("governed").path(field).isNumber(), "governed." + field + " in " + written);
    }
    assertTrue(written.path("ungoverned").path("throughput").isNumber());
    assertTrue(written.path("ungoverned").path("p99_ms").isNumber());
    assertTrue(written.path("direct").path("throughput").isNumber());
    assertTrue(written.path("ratio").isNumber());
    assertTrue(written.path("governed").path("cpu_us_per_execution").asDouble() > 0, "cpu per execution in " + written);
    assertTrue(written.path("journal").path("journal_bytes_per_execution").asLong() > 0, "journal bytes in " + written);
    assertTrue(written.path("journal").path("log_bytes_per_execution").asLong() > 0, "log bytes in " + written);
    assertEquals(Runtime.getRuntime().availableProcessors(), written.path("machine").path("cores").asInt());
    assertTrue(written.path("machine").path("java").isTextual());
    assertTrue(written.path("governed").path("closed_loop").path("ok").asLong() > 0, "governed executions completed: " + log);
    assertTrue(written.path("direct").path("ok").asLong() > 0, "direct calls succeeded: " + log);
    assertTrue(written.path("ungoverned").path("ok").asLong() > 0, "forwarded calls succeeded: " + log);
    assertTrue(BenchResults.table(written).contains("governed (closed loop)"));
    assertTrue(BenchResults.table(written).contains("governed overload"));
    assertTrue(BenchResults.summary(written).contains("cpu per governed execution"));
    assertOpenLoopAtHalfTheMaximum(written.path("governed"));
    assertOverloadAtTwiceTheMaximum(written.path("governed"));
    assertAuditedClean(written, log);
    assertTargetsJudged(written);
  }

  private static void assertOpenLoopAtHalfTheMaximum(JsonNode governed) {
    assertEquals("50% of the closed-loop maximum", governed.path("latency_rate_basis").asText());
    assertEquals(Math.max(1, Math.round(governed.path("throughput").asDouble() / 2)), governed.path("latency_rate").asLong());
    assertTrue(governed.path("open_loop").path("ok").asLong() > 0, "open-loop executions completed: " + governed);
  }

  private static void assertOverloadAtTwiceTheMaximum(JsonNode governed) {
    JsonNode overload = governed.path("overload");
    assertEquals(Overload.rate(governed.path("throughput").asDouble()), overload.path("offered_rate").asInt());
    assertTrue(overload.path("ok").asLong() > 0, "overload executions completed: " + overload);
    for (String field : new String[] {"refused_overloaded", "server_errors_other", "throughput_vs_max", "accepted_p99_ms",
        "p99_vs_unloaded"}) {
      assertTrue(overload.path(field).isNumber(), "governed.overload." + field + " in " + overload);
    }
  }

  private static void assertAuditedClean(JsonNode written, ByteArrayOutputStream log) {
    JsonNode audit = written.path("audit");
    assertTrue(audit.path("ok").asBoolean(), "audit ok: " + audit + "\n" + log);
    assertTrue(audit.path("records").asLong() > 0, "audited records: " + audit);
    assertTrue(audit.path("chains").asLong() > 0, "audited chains: " + audit);
    assertTrue(audit.path("leaves").asLong() > 0, "audited leaves: " + audit);
    assertTrue(audit.path("seconds").isNumber(), "audit seconds: " + audit);
    assertTrue(BenchResults.summary(written).contains("audit: OK, "), BenchResults.summary(written));
  }

  private static void assertTargetsJudged(JsonNode written) {
    JsonNode targets = written.path("targets");
    for (String judged : new String[] {"ratio", "latency_at_half_load", "overload"}) {
      assertTrue(targets.path(judged).path("met").isBoolean(), "targets." + judged + ".met in " + targets);
    }
    for (String reported : new String[] {"cpu_per_execution", "bytes_per_execution"}) {
      assertEquals("report only", targets.path(reported).path("status").asText(), "targets." + reported + " in " + targets);
    }
    assertEquals(5, BenchResults.summary(written).lines().filter(l -> l.startsWith("target ")).count(),
        BenchResults.summary(written));
  }
}
