package io.fxg.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.lineage.LineageChain;
import io.fxg.serialization.Json;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.TargetEnvironment;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link DemoActions}: submits the demo's executions signed by the partners' keys and,
 * for each fail-closed path, makes the trust change once the execution runs: the target's
 * {@code image} measurement, a revoked throwaway principal key, a stricter policy. Everything
 * goes through the gateway's public API and the target library, as an operator would.
 */
final class DemoDirector implements DemoActions, AutoCloseable {
  /** Demo actions kept for the page's log. */
  static final int MAX_LOG = 50;
  private static final Duration RUNNING_WAIT = Duration.ofSeconds(20);
  private static final Duration RESTORE_AFTER = Duration.ofSeconds(90);
  private static final Set<String> TERMINAL = Set.of("completed", "failed", "interrupted", "denied");

  private final URI gateway;
  private final SignedClient partnerA;
  private final SignedClient partnerB;
  private final SignedClient admin;
  private final Jwk agentKey;
  private final TargetEnvironment target;
  private final Deque<ObjectNode> log = new ArrayDeque<>();
  private final AtomicInteger throwaway = new AtomicInteger();
  private final AtomicBoolean strict = new AtomicBoolean();
  private final ExecutorService background = Executors.newFixedThreadPool(4, runnable -> {
    Thread thread = new Thread(runnable, "fxg-demo-director");
    thread.setDaemon(true);
    return thread;
  });

  DemoDirector(URI gateway, SignedClient partnerA, SignedClient partnerB, SignedClient admin, Jwk agentKey,
      TargetEnvironment target) {
    this.gateway = gateway;
    this.partnerA = partnerA;
    this.partnerB = partnerB;
    this.admin = admin;
    this.agentKey = agentKey;
    this.target = target;
  }

  @Override
  public List<Scenario> scenarios() {
    return DemoScenarios.ALL;
  }

  @Override
  public String start(String name) throws Exception {
    return switch (name) {
      case "invoice" -> submit(partnerA, "invoice.create", "invoices/2026-11", "{\"amount\": 250}", 30);
      case "report" -> submit(partnerA, "report.generate", "reports/2026-11", "{\"seconds\": 4}", 30);
      case "over-limit" -> submit(partnerB, "invoice.create", "invoices/2026-12", "{\"amount\": 5000}", 30);
      case "forbidden" -> submit(partnerA, "invoice.delete", "invoices/2026-01", "{}", 30);
      case "upstream-failure" -> submit(partnerB, "invoice.fail", "invoices/2026-10", "{\"amount\": 10}", 30);
      case "scope" -> submit(partnerA, "report.generate", "reports/rogue", "{\"seconds\": 4, \"rogue\": true}", 30);
      case "deadline" -> submit(partnerA, "report.generate", "reports/slow", "{\"seconds\": 20}", 2);
      case "cancel" -> whenRunning(partnerA, longReport(partnerA, "reports/cancel-me"), id -> {
        partnerA.send("POST", "/v1/executions/" + id + "/cancel", null, Map.of());
        note("partner-a/agent-7 cancelled " + id);
      });
      case "measurement" -> whenRunning(partnerA, longReport(partnerA, "reports/2026-12"), id -> {
        target.measurements().put("image", DemoTarget.TAMPERED_IMAGE);
        note("acme/billing-prod now measures image " + DemoTarget.TAMPERED_IMAGE + " (reference "
            + DemoTarget.IMAGE + "); the next attestation fails");
        background.submit(() -> restoreMeasurementAfter(id));
      });
      case "revoke-key" -> revokeKeyScenario();
      case "stricter-policy" -> whenRunning(partnerA, longReport(partnerA, "reports/quarterly"), id -> {
        long version = installPolicy(true);
        note("admin installed the stricter policy version " + version + ": reports only under reports/2026-*");
      });
      default -> throw new IllegalArgumentException("no demo scenario " + name);
    };
  }

  private String revokeKeyScenario() throws Exception {
    String principal = "temp-" + throwaway.incrementAndGet();
    Jwk key = Jwk.generate("partner-a/" + principal);
    put("/v1/admin/domains/partner-a", DemoFederation.partnerDomain("Partner A (AI agents)",
        Map.of("agent-7", agentKey, principal, key)));
    note("admin registered the throwaway key partner-a/" + principal);
    SignedClient client = new SignedClient(gateway, key.signer().orElseThrow());
    return whenRunning(client, longReport(client, "reports/2026-10"), id -> {
      String body = Json.write(Json.object().put("kind", "key").put("id", "partner-a/" + principal)
          .put("reason", "demo: key reported compromised"));
      expectOk(admin.send("POST", "/v1/admin/revocations", body, Map.of()), "revocation");
      note("admin revoked partner-a/" + principal + " while " + id + " runs");
    });
  }

  @Override
  public void reset() throws Exception {
    target.measurements().put("image", DemoTarget.IMAGE);
    if (strict.get()) {
      installPolicy(false);
    }
    note("reset: reference measurements and the lenient policy are back");
  }

  @Override
  public ObjectNode state() {
    ObjectNode state = Json.object();
    ObjectNode environment = state.putObject("target");
    environment.put("environment", target.environmentId());
    environment.put("endpoint", target.endpoint().toString());
    Map<String, String> current = target.measurements().snapshot();
    environment.set("measurements", Json.toTree(current));
    environment.set("reference", Json.toTree(DemoTarget.referenceMeasurements()));
    environment.put("matches", current.equals(DemoTarget.referenceMeasurements()));
    state.putObject("policy").put("version", policyVersion()).put("strict", strict.get());
    ArrayNode entries = state.putArray("log");
    synchronized (log) {
      log.forEach(entries::add);
    }
    return state;
  }

  private String longReport(SignedClient client, String resource) throws Exception {
    return submit(client, "report.generate", resource, "{\"seconds\": 40}", 60);
  }

  private String submit(SignedClient client, String action, String resource, String parameters, int maxSeconds)
      throws Exception {
    HttpResponse<String> response = client.send("POST", "/v1/executions",
        DemoTraffic.body(action, resource, parameters, maxSeconds), Map.of());
    expectOk(response, "submit");
    String id = Json.parse(response.body()).path("executionId").asText();
    note("submitted " + action + " on " + resource + ": " + id);
    return id;
  }

  /** A trust change to make once the execution runs. */
  private interface Trigger {
    void fire(String executionId) throws Exception;
  }

  private String whenRunning(SignedClient client, String id, Trigger trigger) {
    background.submit(() -> {
      try {
        String status = awaitStatus(client, id, Set.of("running"), RUNNING_WAIT);
        if ("running".equals(status)) {
          trigger.fire(id);
        } else {
          note(id + " did not run (" + status + "); no trigger");
        }
      } catch (Exception e) {
        note("trigger for " + id + " failed: " + e.getMessage());
      }
    });
    return id;
  }

  private void restoreMeasurementAfter(String id) {
    try {
      awaitStatus(partnerA, id, TERMINAL, RESTORE_AFTER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      note("could not follow " + id + " (" + e.getMessage() + "); restoring now");
    }
    target.measurements().put("image", DemoTarget.IMAGE);
    note("acme/billing-prod measures the reference image again");
  }

  /** Polls the view until its status is one of {@code wanted} or terminal, or the wait ends. */
  private static String awaitStatus(SignedClient client, String id, Set<String> wanted, Duration wait)
      throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    String status = "unknown";
    while (System.nanoTime() < deadline) {
      JsonNode view = Json.parse(client.send("GET", "/v1/executions/" + id, null, Map.of()).body());
      status = view.path("status").asText("unknown");
      if (wanted.contains(status) || TERMINAL.contains(status)) {
        return status;
      }
      TimeUnit.MILLISECONDS.sleep(150);
    }
    return status;
  }

  private long installPolicy(boolean strictPolicy) throws Exception {
    long version = policyVersion() + 1;
    expectOk(admin.send("PUT", "/v1/admin/policy", DemoFederation.policy(version, strictPolicy), Map.of()), "policy");
    strict.set(strictPolicy);
    return version;
  }

  private long policyVersion() {
    try {
      HttpResponse<String> current = admin.send("GET", "/v1/policy", null, Map.of());
      return current.statusCode() == 200 ? Json.parse(current.body()).path("version").asLong(0) : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private void put(String path, Object body) throws Exception {
    expectOk(admin.send("PUT", path, Json.write(body), Map.of()), "PUT " + path);
  }

  private static void expectOk(HttpResponse<String> response, String what) {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(what + " refused: " + response.statusCode() + " " + response.body());
    }
  }

  private void note(String text) {
    ObjectNode entry = Json.object().put("at", LineageChain.formatAt(Instant.now())).put("text", text);
    synchronized (log) {
      log.addFirst(entry);
      while (log.size() > MAX_LOG) {
        log.removeLast();
      }
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
