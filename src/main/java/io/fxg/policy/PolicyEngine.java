package io.fxg.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The decision algorithm: default deny; any matching forbid wins (a forbid whose condition fails
 * to evaluate counts as matching — fail closed); otherwise every matching permit applies (a
 * permit whose condition fails to evaluate does not match) and their obligations combine to the
 * strictest; a request deeper than the combined {@code maxDelegationDepth} is denied.
 *
 * <p>Rules are pre-split by effect and sorted by id, so matched ids come out sorted and results
 * are deterministic. The hot path allocates only the CEL activation (when a candidate rule has a
 * condition), the matched-rule list, the explanation and the decision itself.
 */
final class PolicyEngine {
  private final CompiledRule[] forbids;
  private final CompiledRule[] permits;
  private final long version;
  private final String digest;

  PolicyEngine(List<CompiledRule> rules, long version, String digest) {
    List<CompiledRule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparing(rule -> rule.id));
    this.forbids = sorted.stream().filter(r -> r.obligations == null).toArray(CompiledRule[]::new);
    this.permits = sorted.stream().filter(r -> r.obligations != null).toArray(CompiledRule[]::new);
    this.version = version;
    this.digest = digest;
  }

  Decision decide(DecisionInput in) {
    Map<String, Object> activation = null;
    List<CompiledRule> forbidding = null;
    for (CompiledRule rule : forbids) {
      if (!rule.scopeMatches(in)) {
        continue;
      }
      if (rule.hasCondition()) {
        if (activation == null) {
          activation = ConditionValues.activation(in);
        }
        if (rule.evaluate(activation) == CompiledRule.Outcome.NOT_SATISFIED) {
          continue;
        }
      }
      if (forbidding == null) {
        forbidding = new ArrayList<>(2);
      }
      forbidding.add(rule);
    }
    if (forbidding != null) {
      return deny(Decision.FORBIDDEN, forbidding,
          Explanations.forbidden(in, forbidding, activation));
    }

    List<CompiledRule> permitting = null;
    boolean inScope = false;
    for (CompiledRule rule : permits) {
      if (!rule.scopeMatches(in)) {
        continue;
      }
      inScope = true;
      if (rule.hasCondition()) {
        if (activation == null) {
          activation = ConditionValues.activation(in);
        }
        if (rule.evaluate(activation) != CompiledRule.Outcome.SATISFIED) {
          continue;
        }
      }
      if (permitting == null) {
        permitting = new ArrayList<>(2);
      }
      permitting.add(rule);
    }
    if (permitting == null) {
      return inScope
          ? deny(Decision.CONDITION_NOT_SATISFIED, List.of(),
              Explanations.conditionNotSatisfied(in, permits, activation))
          : deny(Decision.NO_MATCHING_RULE, List.of(), Explanations.noMatch(in, permits));
    }

    Obligations combined = permitting.get(0).obligations;
    for (int i = 1; i < permitting.size(); i++) {
      combined = combined.strictest(permitting.get(i).obligations);
    }
    if (in.depth() > combined.maxDelegationDepth()) {
      return deny(Decision.DELEGATION_TOO_DEEP, permitting,
          Explanations.tooDeep(in, permitting, combined.maxDelegationDepth()));
    }
    return new Decision(Decision.Effect.PERMIT, Decision.PERMITTED, ids(permitting), combined,
        Explanations.permitted(in, permitting), version, digest);
  }

  /**
   * A dry run for listing what a caller may ask for before it knows the parameters: forbids count
   * only when they hold regardless of parameters (no condition), and every permit in scope counts
   * whatever its condition. PERMIT with the obligations those permits combine to, reason {@link
   * Decision#PERMITTED} when none has a condition, else {@link Decision#CONDITIONAL}; DENY
   * otherwise. The real decision is still made per request.
   */
  Decision couldPermit(DecisionInput in) {
    List<CompiledRule> forbidding = new ArrayList<>();
    for (CompiledRule rule : forbids) {
      if (rule.scopeMatches(in) && !rule.hasCondition()) {
        forbidding.add(rule);
      }
    }
    if (!forbidding.isEmpty()) {
      return deny(Decision.FORBIDDEN, forbidding, Explanations.forbidden(in, forbidding, null));
    }
    List<CompiledRule> permitting = new ArrayList<>();
    boolean conditional = false;
    for (CompiledRule rule : permits) {
      if (rule.scopeMatches(in)) {
        permitting.add(rule);
        conditional |= rule.hasCondition();
      }
    }
    if (permitting.isEmpty()) {
      return deny(Decision.NO_MATCHING_RULE, List.of(), Explanations.noMatch(in, permits));
    }
    Obligations combined = permitting.get(0).obligations;
    for (int i = 1; i < permitting.size(); i++) {
      combined = combined.strictest(permitting.get(i).obligations);
    }
    return new Decision(Decision.Effect.PERMIT, conditional ? Decision.CONDITIONAL : Decision.PERMITTED,
        ids(permitting), combined, Explanations.permitted(in, permitting), version, digest);
  }

  private Decision deny(String reason, List<CompiledRule> rules, String explanation) {
    return new Decision(
        Decision.Effect.DENY, reason, ids(rules), null, explanation, version, digest);
  }

  private static List<String> ids(List<CompiledRule> rules) {
    if (rules.size() == 1) {
      return List.of(rules.get(0).id);
    }
    String[] ids = new String[rules.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rules.get(i).id;
    }
    return List.of(ids);
  }
}
