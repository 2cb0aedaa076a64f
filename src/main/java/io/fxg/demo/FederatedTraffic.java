package io.fxg.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The federated demo's traffic: executions submitted to gw-a whose target gw-b governs, cycling
 * through scenarios that complete on both gateways, get denied by either's policy, and get cut off
 * from either side. Each outcome is one line naming the status on both gateways and both ids.
 */
final class FederatedTraffic implements AutoCloseable {
  private static final Set<String> TERMINAL = Set.of("completed", "failed", "interrupted", "denied");
  private static final long WAIT_MILLIS = 60_000;

  /** What to do once the peer's child runs. */
  enum Cut { NONE, CANCEL_ON_ORIGIN, REVOKE_ON_PEER }

  /** One kind of federated execution. */
  record Scenario(String name, SignedClient client, String body, Cut cut) {}

  private final List<Scenario> scenarios;
  private final SignedClient peerAdmin;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("fxg-demo-ticker"));
  private final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("fxg-demo-worker"));
  private final AtomicLong tick = new AtomicLong();

  /** {@code peerAdmin}: gw-b's admin, who reads gw-b's side and revokes its child in the revocation scenario. */
  FederatedTraffic(SignedClient partnerA, SignedClient partnerB, SignedClient peerAdmin) {
    this.peerAdmin = peerAdmin;
    this.scenarios = List.of(
        new Scenario("invoice 250 (permitted by both, runs behind gw-b)", partnerA,
            DemoTraffic.body("invoice.create", "invoices/2026-11", "{\"amount\": 250}", 30), Cut.NONE),
        new Scenario("report (async on gw-b, completes)", partnerA,
            DemoTraffic.body("report.generate", "reports/2026-11", "{\"seconds\": 3}", 30), Cut.NONE),
        new Scenario("invoice 700 (gw-a permits, gw-b's policy denies)", partnerB,
            DemoTraffic.body("invoice.create", "invoices/2026-12", "{\"amount\": 700}", 30), Cut.NONE),
        new Scenario("invoice 5000 (gw-a's policy denies, not forwarded)", partnerB,
            DemoTraffic.body("invoice.create", "invoices/2026-12", "{\"amount\": 5000}", 30), Cut.NONE),
        new Scenario("report cancelled on gw-a (gw-b's child cut off)", partnerA,
            DemoTraffic.body("report.generate", "reports/cancel-me", "{\"seconds\": 20}", 30), Cut.CANCEL_ON_ORIGIN),
        new Scenario("report revoked on gw-b (gw-a's execution cut off)", partnerA,
            DemoTraffic.body("report.generate", "reports/revoke-me", "{\"seconds\": 20}", 30), Cut.REVOKE_ON_PEER));
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
        System.out.printf("[demo] %-52s -> refused %d %s%n", scenario.name(), submitted.statusCode(), submitted.body());
        return;
      }
      String id = Json.parse(submitted.body()).get("executionId").asText();
      if (scenario.cut() != Cut.NONE) {
        String child = awaitChildRunning(scenario.client(), id);
        if (child != null && scenario.cut() == Cut.CANCEL_ON_ORIGIN) {
          scenario.client().send("POST", "/v1/executions/" + id + "/cancel", null, Map.of());
        } else if (child != null) {
          String revocation = Json.write(Json.object().put("kind", "artifact").put("id", child)
              .put("reason", "demo: gw-b's operator revokes the child"));
          peerAdmin.send("POST", "/v1/admin/revocations", revocation, Map.of());
        }
      }
      JsonNode origin = awaitTerminal(scenario.client(), id);
      String child = origin.path("peer").path("executionId").asText("");
      JsonNode peer = child.isEmpty() ? null : awaitTerminal(peerAdmin, child);
      System.out.printf("[demo] %-52s -> gw-a %-11s %-30s %s | gw-b %s%n", scenario.name(),
          origin.path("status").asText(), origin.path("outcome").path("reason").asText(""), id,
          peer == null ? "(not forwarded)" : String.format("%-11s %-30s %s", peer.path("status").asText(),
              peer.path("outcome").path("reason").asText(""), child));
    } catch (Exception e) {
      System.out.printf("[demo] %-52s -> error: %s%n", scenario.name(), e.getMessage());
    }
  }

  /** The peer's child id once it runs there, or null if it ended (or never started) first. */
  private String awaitChildRunning(SignedClient client, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode origin = view(client, id);
      String child = origin.path("peer").path("executionId").asText("");
      if (isTerminal(origin)) {
        return null;
      }
      if (!child.isEmpty()) {
        JsonNode peer = view(peerAdmin, child);
        if ("running".equals(peer.path("status").asText())) {
          return child;
        }
        if (isTerminal(peer)) {
          return null;
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return null;
  }

  private static JsonNode awaitTerminal(SignedClient client, String id) throws Exception {
    JsonNode view = view(client, id);
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!isTerminal(view) && System.currentTimeMillis() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
      view = view(client, id);
    }
    return view;
  }

  private static JsonNode view(SignedClient client, String id) throws Exception {
    return Json.parse(client.send("GET", "/v1/executions/" + id, null, Map.of()).body());
  }

  private static boolean isTerminal(JsonNode view) {
    return TERMINAL.contains(view.path("status").asText());
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
