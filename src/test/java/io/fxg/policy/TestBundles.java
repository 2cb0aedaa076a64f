package io.fxg.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Small bundles and inputs shared by the policy tests. */
final class TestBundles {
  static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

  /** Two permits and a forbid, in the SPEC section 6 shape. */
  static final String BASE =
      """
      {"version": 3, "rules": [
        {"id": "billing-invoke", "effect": "permit",
         "caller": {"domain": "partner-*", "principal": "*"},
         "target": {"domain": "acme", "environment": "billing-*"},
         "actions": ["invoice.*"], "resources": ["invoices/*"],
         "condition": "request.parameters.amount < 1000 && context.risk < 50",
         "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15,
                         "requireMeasurements": ["image"], "maxDelegationDepth": 2,
                         "freshAttestation": false}},
        {"id": "reports-read", "effect": "permit",
         "caller": {"domain": "*", "principal": "*"},
         "target": {"domain": "acme", "environment": "reports"},
         "actions": ["report.read"], "resources": ["*"],
         "obligations": {"maxDurationSeconds": 300, "attestEverySeconds": 60,
                         "requireMeasurements": [], "maxDelegationDepth": 0,
                         "freshAttestation": false}},
        {"id": "no-exfil", "effect": "forbid",
         "caller": {"domain": "*", "principal": "*"},
         "target": {"domain": "*", "environment": "*"},
         "actions": ["secrets.*"], "resources": ["*"]}
      ]}
      """;

  private TestBundles() {}

  static ObjectNode base() {
    return parse(BASE);
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CompiledPolicy compile(String json) {
    try {
      return PolicyCompiler.compile(json);
    } catch (PolicyException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A request partner-a/agent-1 → acme/billing-prod invoice.create on invoices/2026-11. */
  static DecisionInput.Builder request() {
    return DecisionInput.builder()
        .caller("partner-a", "agent-1")
        .target("acme", "billing-prod")
        .action("invoice.create")
        .resource("invoices/2026-11")
        .parametersJson(Json.object().put("amount", 250))
        .now(NOW)
        .risk(10)
        .depth(0);
  }
}
