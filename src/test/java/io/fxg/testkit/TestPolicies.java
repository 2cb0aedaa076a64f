package io.fxg.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Policy bundles for node tests. */
public final class TestPolicies {
  private TestPolicies() {}

  /** Partners invoke billing (children one level deep); billing may delegate payments. */
  public static ObjectNode bundle(long version) {
    String text = """
        {"version": %d, "rules": [
          {"id": "billing-invoke", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*"],
           "condition": "request.parameters.amount < 1000 && context.risk < 50",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15,
             "requireMeasurements": ["image"], "maxDelegationDepth": 1, "freshAttestation": false}},
          {"id": "delegated", "effect": "permit",
           "caller": {"domain": "acme", "principal": "billing-*"},
           "target": {"domain": "acme", "environment": "payments-prod"},
           "actions": ["payment.submit", "report.generate"], "resources": ["payments/*"],
           "condition": "context.depth >= 1 && context.parent != ''",
           "obligations": {"maxDurationSeconds": 30, "attestEverySeconds": 10,
             "requireMeasurements": ["image", "config"], "maxDelegationDepth": 1,
             "freshAttestation": true}},
          {"id": "no-delete", "effect": "forbid",
           "caller": {"domain": "*", "principal": "*"},
           "target": {"domain": "acme", "environment": "*"},
           "actions": ["*.delete"], "resources": ["*"]}
        ]}
        """.formatted(version);
    try {
      return (ObjectNode) Json.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
