package io.fxg.policy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link CompiledPolicy#decide(DecisionInput)}: the effect, a stable reason code,
 * the ids of the rules that decided (sorted), the combined obligations and an explanation a
 * security engineer can act on. The policy version and digest say which bundle decided.
 *
 * <p>Invariant: {@code obligations} is non-null exactly when the effect is {@code PERMIT}.
 */
public record Decision(
    Effect effect,
    String reason,
    List<String> matchedRules,
    Obligations obligations,
    String explanation,
    long policyVersion,
    String policyDigest) {

  /** A permit matched and nothing forbids. */
  public static final String PERMITTED = "policy.permitted";
  /** Dry runs only: permits cover the request's scope, subject to their conditions. */
  public static final String CONDITIONAL = "policy.conditional";
  /** A forbid rule matched (or its condition failed to evaluate: forbids fail closed). */
  public static final String FORBIDDEN = "policy.forbidden";
  /** No permit rule's scope (caller, target, action, resource) covers the request. */
  public static final String NO_MATCHING_RULE = "policy.no-matching-rule";
  /** Some permit's scope covers the request but none of their conditions held. */
  public static final String CONDITION_NOT_SATISFIED = "policy.condition-not-satisfied";
  /** Permits matched but the request's delegation depth exceeds their maxDelegationDepth. */
  public static final String DELEGATION_TOO_DEEP = "policy.delegation-too-deep";

  /** PERMIT or DENY; there is no third outcome. */
  public enum Effect { PERMIT, DENY }

  public Decision {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(reason, "reason");
    matchedRules = List.copyOf(matchedRules);
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(policyDigest, "policyDigest");
    if ((effect == Effect.PERMIT) != (obligations != null)) {
      throw new IllegalArgumentException("obligations are present exactly on permits");
    }
  }

  public boolean permitted() {
    return effect == Effect.PERMIT;
  }
}
