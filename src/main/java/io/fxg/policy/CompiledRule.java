package io.fxg.policy;

import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule ready for decisions: globs compiled, the CEL program planned, obligations normalised.
 * Immutable and thread-safe. Scope checks run cheapest-and-most-selective first (action, then
 * target, caller, resource) and touch no allocation.
 */
final class CompiledRule {
  /** The three ways a condition can come out; ERROR is fail-closed by the caller's effect. */
  enum Outcome { SATISFIED, NOT_SATISFIED, ERROR }

  final PolicyRule rule;
  final String id;
  final Obligations obligations;
  private final Glob callerDomain;
  private final Glob callerPrincipal;
  /** Null when the rule has no peer pattern; see {@link #peerMatches}. */
  private final Glob callerPeer;
  private final boolean forbid;
  private final Glob targetDomain;
  private final Glob targetEnvironment;
  private final Glob[] actions;
  private final Glob[] resources;
  private final CelRuntime.Program condition;

  CompiledRule(PolicyRule rule, CelRuntime.Program condition) {
    this.rule = rule;
    this.id = rule.id();
    this.obligations = rule.obligations().map(Obligations::normalized).orElse(null);
    this.callerDomain = Glob.of(rule.caller().domain());
    this.callerPrincipal = Glob.of(rule.caller().principal());
    this.callerPeer = rule.caller().peer() == null ? null : Glob.of(rule.caller().peer());
    this.forbid = rule.effect() == PolicyRule.Effect.FORBID;
    this.targetDomain = Glob.of(rule.target().domain());
    this.targetEnvironment = Glob.of(rule.target().environment());
    this.actions = rule.actions().stream().map(Glob::of).toArray(Glob[]::new);
    this.resources = rule.resources().stream().map(Glob::of).toArray(Glob[]::new);
    this.condition = condition;
  }

  boolean hasCondition() {
    return condition != null;
  }

  boolean scopeMatches(DecisionInput in) {
    return Glob.anyMatches(actions, in.action())
        && targetDomain.matches(in.targetDomain())
        && targetEnvironment.matches(in.targetEnvironment())
        && callerDomain.matches(in.callerDomain())
        && callerPrincipal.matches(in.callerPrincipal())
        && peerMatches(in)
        && Glob.anyMatches(resources, in.resource());
  }

  /**
   * A peer pattern matches forwarded executions from a matching peer only. Without one, a permit
   * matches local executions only (a peer's callers get nothing they were not granted as such)
   * and a forbid matches all, so no existing forbid can be bypassed by forwarding.
   */
  private boolean peerMatches(DecisionInput in) {
    if (callerPeer == null) {
      return forbid || !in.forwarded();
    }
    return in.forwarded() && callerPeer.matches(in.peer());
  }

  /**
   * Evaluates the condition. Any failure — a missing key, a type mismatch, an exceeded
   * comprehension limit, or an unexpected runtime exception inside CEL — is
   * {@link Outcome#ERROR}.
   */
  Outcome evaluate(Map<String, Object> activation) {
    if (condition == null) {
      return Outcome.SATISFIED;
    }
    try {
      Object result = condition.eval(activation);
      if (result instanceof Boolean) {
        return (Boolean) result ? Outcome.SATISFIED : Outcome.NOT_SATISFIED;
      }
      return Outcome.ERROR;
    } catch (Exception e) {
      // Conditions are admin-supplied code over caller-supplied data: no failure may escape.
      return Outcome.ERROR;
    }
  }

  /** Why the condition failed to evaluate, for explanations (cold path; re-evaluates). */
  String evaluationError(Map<String, Object> activation) {
    try {
      Object result = condition.eval(activation);
      return result instanceof Boolean ? null : "result is not a bool";
    } catch (Exception e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** The scope dimensions this rule fails on for {@code in}, each with the patterns it allows. */
  List<String> scopeMismatches(DecisionInput in) {
    List<String> misses = new ArrayList<>();
    miss(misses, "caller.domain", callerDomain.matches(in.callerDomain()), rule.caller().domain());
    miss(misses, "caller.principal", callerPrincipal.matches(in.callerPrincipal()),
        rule.caller().principal());
    miss(misses, "caller.peer", peerMatches(in), rule.caller().peer() == null
        ? "local callers only" : rule.caller().peer() + ", forwarded only");
    miss(misses, "target.domain", targetDomain.matches(in.targetDomain()), rule.target().domain());
    miss(misses, "target.environment", targetEnvironment.matches(in.targetEnvironment()),
        rule.target().environment());
    miss(misses, "action", Glob.anyMatches(actions, in.action()),
        String.join(", ", rule.actions()));
    miss(misses, "resource", Glob.anyMatches(resources, in.resource()),
        String.join(", ", rule.resources()));
    return misses;
  }

  private static void miss(List<String> misses, String dimension, boolean matched, String allows) {
    if (!matched) {
      misses.add(dimension + " (allows " + allows + ")");
    }
  }
}
