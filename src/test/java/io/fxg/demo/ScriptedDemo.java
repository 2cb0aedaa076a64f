package io.fxg.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.monitor.ExecutionSupervisor;
import io.fxg.monitor.TrustSignal;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link DemoActions} over a stub-seamed test node: scenarios submit unsigned executions, and the
 * "measurement" path, once its execution runs, publishes the trust signal a failed attestation
 * would, as {@link DemoDirector} makes the target's measurement change.
 */
final class ScriptedDemo implements DemoActions {
  static final String IMAGE = "sha256:" + "11".repeat(32);
  static final String TAMPERED = "sha256:" + "66".repeat(32);

  private final GatewayFixture node;
  private final AtomicBoolean tampered = new AtomicBoolean();
  final AtomicInteger resets = new AtomicInteger();

  ScriptedDemo(GatewayFixture node) {
    this.node = node;
  }

  @Override
  public List<Scenario> scenarios() {
    return List.of(
        new Scenario("invoice", "Create an invoice", "scenario", "completed", "a synchronous invoice"),
        new Scenario("forbidden", "Delete an invoice", "scenario", "denied: policy", "no permit rule matches"),
        new Scenario("measurement", "Change a measurement", "fail-closed", "interrupted: trust.attestation",
            "the image measurement changes while a report runs"));
  }

  @Override
  public String start(String name) {
    return switch (name) {
      case "invoice" -> node.submit("invoice.create", "invoices/demo");
      case "forbidden" -> node.submit("invoice.delete", "invoices/demo");
      case "measurement" -> {
        String id = node.submit("report.generate", "reports/demo");
        CompletableFuture.runAsync(() -> {
          node.awaitStatus(id, "running");
          tampered.set(true);
          node.node().supervisor().tell(new ExecutionSupervisor.Publish(new TrustSignal(TrustSignal.Scope.ENVIRONMENT,
              "acme/billing-prod", "trust.attestation", "measurement image is " + TAMPERED + ", not the reference",
              "attestation", null)));
        });
        yield id;
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Override
  public void reset() {
    tampered.set(false);
    resets.incrementAndGet();
  }

  @Override
  public ObjectNode state() {
    ObjectNode state = Json.object();
    ObjectNode target = state.putObject("target").put("environment", "acme/billing-prod").put("endpoint", "http://127.0.0.1:9100");
    target.putObject("measurements").put("image", tampered.get() ? TAMPERED : IMAGE);
    target.putObject("reference").put("image", IMAGE);
    target.put("matches", !tampered.get());
    state.putObject("policy").put("version", 1).put("strict", false);
    state.putArray("log").addObject().put("at", "2026-11-27T09:00:00.000Z").put("text", "scripted demo ready");
    return state;
  }
}
