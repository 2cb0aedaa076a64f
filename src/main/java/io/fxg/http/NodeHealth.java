package io.fxg.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Readiness as SPEC section 11 defines it: the node is an Up cluster member, the journal accepts
 * writes, the policy is synchronised and keys are loaded. Each capability registers its check; a
 * node that is not ready refuses new executions with 503 (fail closed).
 */
public final class NodeHealth {
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

  public synchronized NodeHealth register(String name, BooleanSupplier check) {
    checks.put(name, check);
    return this;
  }

  public synchronized Map<String, Boolean> evaluate() {
    Map<String, Boolean> results = new LinkedHashMap<>();
    checks.forEach((name, check) -> {
      boolean ok;
      try {
        ok = check.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      results.put(name, ok);
    });
    return results;
  }

  public boolean ready() {
    return !evaluate().containsValue(false);
  }

  /** 503 naming the failing checks when the node must not start executions. */
  public void requireAcceptingExecutions() {
    Map<String, Boolean> results = evaluate();
    if (results.containsValue(false)) {
      StringBuilder failing = new StringBuilder();
      results.forEach((name, ok) -> {
        if (!ok) {
          failing.append(failing.length() == 0 ? "" : ", ").append(name);
        }
      });
      throw new ProblemException(503, "not-ready", "this node does not accept executions now: " + failing);
    }
  }
}
