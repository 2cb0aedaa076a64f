package io.fxg.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.serialization.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExecutionContextTest {
  final List<Report> sent = new CopyOnWriteArrayList<>();
  final ExecutionContext context =
      new ExecutionContext(
          new ActionRequest(
              "exec-1", "report.generate", "reports/q4", Json.object(), Json.object()),
          (executionId, report) -> sent.add(report));

  @Test
  void reports_haveIncreasingSeqAndStopAfterTheTerminalOne() {
    context.progress(Json.object().put("percent", 50));
    context.progress(Json.object(), List.of(new ActionRef("secrets.read", "secrets/x")));
    context.complete(Json.object().put("done", true));
    context.progress(Json.object());
    context.fail("late");
    assertEquals(List.of(1L, 2L, 3L), sent.stream().map(Report::seq).toList());
    assertEquals(Report.Status.COMPLETED, sent.get(2).status());
    assertEquals(List.of(new ActionRef("report.generate", "reports/q4")), sent.get(0).actions());
    assertEquals(3, context.lastSeq());
  }

  @Test
  void cancel_stopsReportingAndWakesWaiters() throws Exception {
    assertFalse(context.awaitCancellation(Duration.ZERO));
    assertTrue(context.cancel("trust.revoked"));
    assertFalse(context.cancel("again"));
    assertTrue(context.awaitCancellation(Duration.ofSeconds(5)));
    assertEquals("trust.revoked", context.cancelReason().orElseThrow());
    context.progress(Json.object());
    context.complete(Json.object());
    assertTrue(sent.isEmpty());
  }

  @Test
  void reportSinkFailure_doesNotStopLaterReports() {
    List<Long> delivered = new CopyOnWriteArrayList<>();
    ExecutionContext flaky =
        new ExecutionContext(
            context.request(),
            (id, report) -> {
              if (report.seq() == 1) {
                throw new java.io.IOException("gateway down");
              }
              delivered.add(report.seq());
            });
    flaky.progress(Json.object());
    flaky.complete(Json.object());
    assertEquals(List.of(2L), delivered);
  }
}
