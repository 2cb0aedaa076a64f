package io.fxg.authorization;

import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.execution.Authorization.AuthorizationRefused;
import io.fxg.execution.ExecutionIntent;
import io.fxg.policy.PolicyGovernance;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Phase 2's delegation checks, before the policy decides: the parent artifact's signature, the
 * signer, expiry and depth ({@link Delegation#of}), then asking the parent execution whether its
 * artifact is still {@code active}. A root execution passes at once with depth 0. The requested
 * lifetime is checked once, at phase 3 ({@link ArtifactIssuer}), because supervisors call phase 2
 * again to re-evaluate running executions under a new policy.
 */
public final class DelegationGate implements PolicyGovernance.Delegations {
  private final ParentKeys parentKeys;
  private final Function<String, CompletionStage<String>> parentStatus;

  /**
   * @param gatewayKeys current and retired gateway keys by kid
   * @param parentStatus asks an execution for its artifact status (active, revoked, ...)
   */
  public DelegationGate(Map<String, Ed25519PublicKey> gatewayKeys,
      Function<String, CompletionStage<String>> parentStatus) {
    this(ParentKeys.own(gatewayKeys), parentStatus);
  }

  /**
   * @param parentKeys the keys a parent artifact verifies against (a peer's for forwarded executions)
   * @param parentStatus asks an execution for its artifact status (active, revoked, ...)
   */
  public DelegationGate(ParentKeys parentKeys, Function<String, CompletionStage<String>> parentStatus) {
    this.parentKeys = parentKeys;
    this.parentStatus = parentStatus;
  }

  @Override
  public CompletionStage<PolicyGovernance.Position> admit(ExecutionIntent intent, Instant now) {
    Delegation delegation;
    try {
      delegation = Delegation.of(intent, parentKeys.forIntent(intent), now);
    } catch (AuthorizationRefused refused) {
      return CompletableFuture.failedFuture(refused);
    }
    if (delegation.parent() == null) {
      return CompletableFuture.completedFuture(PolicyGovernance.Position.ROOT);
    }
    if (intent.forwardedFrom() != null) {
      // The origin gateway signed this request moments ago; its liveness is watched by the link
      // (the origin's artifact status is polled while the execution runs), not asked here.
      return CompletableFuture.completedFuture(
          new PolicyGovernance.Position(delegation.depth(), delegation.parentJti()));
    }
    return parentStatus.apply(delegation.parentJti()).handle((status, error) -> {
      try {
        if (error != null) {
          throw new AuthorizationRefused(Delegation.PARENT_NOT_LIVE, "the parent execution "
              + delegation.parentJti() + " did not say whether it is live: " + error.getMessage());
        }
        delegation.requireLive(status);
      } catch (AuthorizationRefused refused) {
        throw new CompletionException(refused);
      }
      return new PolicyGovernance.Position(delegation.depth(), delegation.parentJti());
    });
  }
}
