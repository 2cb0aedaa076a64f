package io.fxg.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady trickle of demo executions cycling through scenarios that complete, get denied and get
 * interrupted; each outcome is printed as one line when it is final.
 */
final class DemoTraffic implements AutoCloseable {
  /** One kind of demo execution. */
  record Scenario(String name, SignedClient client, String body, Map<String, String> headers, boolean cancelAfterStart) {}

  private final List<Scenario> scenarios;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("fxg-demo-ticker"));
  private final ExecutorService workers = Executors.newFixedThreadPool(6, daemon("fxg-demo-worker"));
  private final AtomicLong tick = new AtomicLong();

  /**
   * Well-behaved traffic comes from {@code partnerA} and {@code partnerB}; what gets denied by rule
   * or interrupted comes from {@code partnerC}, whose risk therefore climbs until policy conditions
   * on {@code context.risk} deny it too, while the others keep completing.
   */
  DemoTraffic(SignedClient partnerA, SignedClient partnerB, SignedClient partnerC) {
    this.scenarios = List.of(
        new Scenario("invoice (sync, completes)", partnerA, body("invoice.create", "invoices/2026-11", "{\"amount\": 250}", 30), Map.of(), false),
        new Scenario("report (async, progress, completes)", partnerA, body("report.generate", "reports/2026-11", "{\"seconds\": 3}", 30), Map.of(), false),
        new Scenario("invoice over the limit (denied by condition)", partnerB, body("invoice.create", "invoices/2026-12", "{\"amount\": 5000}", 30), Map.of(), false),
        new Scenario("invoice delete (denied by forbid rule)", partnerC, body("invoice.delete", "invoices/2026-01", "{}", 30), Map.of(), false),
        new Scenario("rogue report (interrupted: scope.violation)", partnerC, body("report.generate", "reports/rogue", "{\"seconds\": 4, \"rogue\": true}", 30), Map.of(), false),
        new Scenario("slow report (interrupted: deadline.exceeded)", partnerC, body("report.generate", "reports/slow", "{\"seconds\": 20}", 2), Map.of(), false),
        new Scenario("failing invoice (failed upstream)", partnerB, body("invoice.fail", "invoices/2026-10", "{\"amount\": 10}", 30), Map.of(), false),
        new Scenario("report cancelled by its caller (interrupted: cancelled)", partnerA, body("report.generate", "reports/cancel-me", "{\"seconds\": 10}", 30), Map.of(), true));
  }

  static String body(String action, String resource, String parameters, int maxDurationSeconds) {
    return """
        {"target": {"domain": "acme", "environment": "billing-prod"}, "action": "%s", "resource": "%s",
         "parameters": %s, "maxDurationSeconds": %d}""".formatted(action, resource, parameters, maxDurationSeconds);
  }

  void start(long periodMillis) {
    ticker.scheduleWithFixedDelay(() -> {
      Scenario scenario = scenarios.get((int) (tick.getAndIncrement() % scenarios.size()));
      workers.submit(() -> run(scenario));
    }, 500, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void run(Scenario scenario) {
    try {
      HttpResponse<String> submitted = scenario.client().send("POST", "/v1/executions", scenario.body(), Map.of());
      if (submitted.statusCode() >= 400) {
        System.out.printf("[demo] %-55s -> refused %d %s%n", scenario.name(), submitted.statusCode(), submitted.body());
        return;
      }
      String id = Json.parse(submitted.body()).get("executionId").asText();
      if (scenario.cancelAfterStart()) {
        awaitStatus(scenario, id, "running", 10);
        scenario.client().send("POST", "/v1/executions/" + id + "/cancel", null, Map.of());
      }
      JsonNode view = awaitTerminal(scenario, id);
      System.out.printf("[demo] %-55s -> %-11s %-28s %s%n", scenario.name(), view.path("status").asText(),
          view.path("outcome").path("reason").asText(""), id);
    } catch (Exception e) {
      System.out.printf("[demo] %-55s -> error: %s%n", scenario.name(), e.getMessage());
    }
  }

  private JsonNode awaitTerminal(Scenario scenario, String id) throws Exception {
    JsonNode json = Json.parse(scenario.client().send("GET", "/v1/executions/" + id, null, Map.of()).body());
    long deadline = System.currentTimeMillis() + 60_000;
    while (!isTerminal(json) && System.currentTimeMillis() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
      json = Json.parse(scenario.client().send("GET", "/v1/executions/" + id, null, Map.of()).body());
    }
    return json;
  }

  private void awaitStatus(Scenario scenario, String id, String status, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      JsonNode json = Json.parse(scenario.client().send("GET", "/v1/executions/" + id, null, Map.of()).body());
      if (status.equals(json.path("status").asText()) || isTerminal(json)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static boolean isTerminal(JsonNode view) {
    return List.of("completed", "failed", "interrupted", "denied").contains(view.path("status").asText());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
  }
}
