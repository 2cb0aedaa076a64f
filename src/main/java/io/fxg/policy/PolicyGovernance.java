package io.fxg.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.Authorization.AuthorizationRefused;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.Governance;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Phase 2 on this node: delegation checks, then a policy decision taken only at the committed
 * version. When the locally active bundle is the committed one the decision is synchronous (no
 * actor, no lock: one volatile read, the risk lookups and {@link CompiledPolicy#decide}). When
 * not, it waits up to {@code fxg.governance.sync-timeout} for activation and then denies
 * {@value #UNSYNCHRONIZED}. With no policy installed in the cluster it denies {@value #NO_POLICY}
 * at once: governance fails closed.
 *
 * <p>{@code context.risk} is {@link RiskScore#compute} over the caller's recent denials and
 * interruptions ({@link RiskSignals}), the target environment's trust state (supplied; {@code
 * UNKNOWN} until a monitor says otherwise, {@code DEGRADED} if the supplier fails) and the
 * delegation depth. A permit carries version, digest, matched rules, the combined obligations as
 * JSON, the risk and the explanation; a denial carries the reason and an explanation ending with
 * how the risk was made up.
 */
public final class PolicyGovernance implements Governance {
  public static final String UNSYNCHRONIZED = "governance.unsynchronized";
  public static final String NO_POLICY = "governance.no-policy";
  /** The engine's delegation-depth denial, reported with the delegation reasons. */
  public static final String TOO_DEEP = "delegation.too-deep";

  /** Where an execution sits in a delegation chain, as phase 2 needs it. */
  public record Position(int depth, String parentJti) {
    public static final Position ROOT = new Position(0, null);
  }

  /**
   * Admits (or refuses) an execution's delegation before the decision. Completes exceptionally
   * with {@link AuthorizationRefused} naming the failed check.
   */
  public interface Delegations {
    CompletionStage<Position> admit(ExecutionIntent intent, Instant now);
  }

  private final LocalPolicy local;
  private final RiskSignals signals;
  private final Function<String, RiskScore.EnvironmentTrust> environmentTrust;
  private final Delegations delegations;
  private final Clock clock;
  private final Duration syncTimeout;

  public PolicyGovernance(LocalPolicy local, RiskSignals signals,
      Function<String, RiskScore.EnvironmentTrust> environmentTrust, Delegations delegations,
      Clock clock, Duration syncTimeout) {
    this.local = local;
    this.signals = signals;
    this.environmentTrust = environmentTrust;
    this.delegations = delegations;
    this.clock = clock;
    this.syncTimeout = syncTimeout;
  }

  @Override
  public CompletionStage<GovernanceVerdict> decide(ExecutionIntent intent) {
    if (intent.parentArtifact() == null) {
      return decideSynced(intent, Position.ROOT);
    }
    return delegations.admit(intent, clock.instant())
        .handle((position, error) -> error != null
            ? CompletableFuture.completedFuture(refused(error))
            : decideSynced(intent, position))
        .thenCompose(verdict -> verdict);
  }

  private CompletionStage<GovernanceVerdict> decideSynced(ExecutionIntent intent, Position at) {
    CompiledPolicy policy = local.synced();
    if (policy != null) {
      try {
        return CompletableFuture.completedFuture(decideWith(policy, intent, at));
      } catch (RuntimeException e) {
        return CompletableFuture.completedFuture(new GovernanceVerdict.Deny("governance.error",
            "the decision failed: " + e.getMessage(), policy.version(), policy.digest()));
      }
    }
    LocalPolicy.Snapshot snapshot = local.snapshot();
    if (snapshot.noPolicy()) {
      return CompletableFuture.completedFuture(noPolicy(snapshot));
    }
    return local.awaitSynced(syncTimeout).thenApply(s -> s.synced()
        ? decideWith(s.active(), intent, at)
        : s.noPolicy() ? noPolicy(s) : unsynchronized(s));
  }

  /** The decision itself, at a synchronised policy. */
  GovernanceVerdict decideWith(CompiledPolicy policy, ExecutionIntent intent, Position at) {
    String principal = intent.caller().keyId();
    int denials = signals.recentDenials(principal);
    int interruptions = signals.recentInterruptions(principal);
    RiskScore.EnvironmentTrust trust = trustOf(intent.target().id());
    int risk = RiskScore.compute(denials, interruptions, trust, at.depth());
    DecisionInput input = DecisionInput.builder()
        .caller(intent.caller().domain(), intent.caller().principal())
        .target(intent.target().domain(), intent.target().environment())
        .action(intent.action())
        .resource(intent.resource())
        .parametersJson(intent.parameters() == null ? Json.object() : intent.parameters())
        .now(clock.instant())
        .risk(risk)
        .depth(at.depth())
        .callerRoles(intent.callerRoles() == null ? List.of() : intent.callerRoles())
        .parent(at.parentJti())
        .peer(intent.forwardedFrom())
        .build();
    Decision decision = policy.decide(input);
    if (decision.permitted()) {
      return new GovernanceVerdict.Permit(decision.policyVersion(), decision.policyDigest(),
          decision.matchedRules(), obligationsJson(decision.obligations()), risk,
          decision.explanation());
    }
    String reason = Decision.DELEGATION_TOO_DEEP.equals(decision.reason()) ? TOO_DEEP
        : decision.reason();
    String detail = decision.explanation() + " [context.risk " + risk + " = " + denials
        + " recent denials, " + interruptions + " recent interruptions, environment "
        + trust + ", depth " + at.depth() + "]";
    return new GovernanceVerdict.Deny(reason, detail, decision.policyVersion(),
        decision.policyDigest());
  }

  private RiskScore.EnvironmentTrust trustOf(String environmentId) {
    try {
      RiskScore.EnvironmentTrust trust = environmentTrust.apply(environmentId);
      return trust == null ? RiskScore.EnvironmentTrust.UNKNOWN : trust;
    } catch (RuntimeException e) {
      return RiskScore.EnvironmentTrust.DEGRADED;
    }
  }

  /** The Permit's obligations as JSON, in the bundle's field names. */
  public static ObjectNode obligationsJson(Obligations obligations) {
    ObjectNode json = Json.object();
    json.put("maxDurationSeconds", obligations.maxDurationSeconds());
    json.put("attestEverySeconds", obligations.attestEverySeconds());
    obligations.requireMeasurements().forEach(json.putArray("requireMeasurements")::add);
    json.put("maxDelegationDepth", obligations.maxDelegationDepth());
    json.put("freshAttestation", obligations.freshAttestation());
    return json;
  }

  private static GovernanceVerdict noPolicy(LocalPolicy.Snapshot s) {
    String detail = s.fault() != null
        ? "the policy chain does not verify (" + s.fault() + "); no decision is taken"
        : "no policy bundle is installed in this cluster; install one with PUT /v1/admin/policy";
    return new GovernanceVerdict.Deny(NO_POLICY, detail, -1, null);
  }

  private GovernanceVerdict unsynchronized(LocalPolicy.Snapshot s) {
    String detail;
    if (s.committed() == null) {
      detail = "this node does not know the committed policy version yet";
    } else if (s.active() == null) {
      detail = "version " + s.committed().version() + " is committed but this node has "
          + "activated no policy";
    } else {
      detail = "this node's active policy is version " + s.active().version() + " but version "
          + s.committed().version() + " is committed";
    }
    detail += "; it did not synchronise within " + syncTimeout.toMillis()
        + " ms, so no decision is taken";
    long version = s.active() == null ? -1 : s.active().version();
    return new GovernanceVerdict.Deny(UNSYNCHRONIZED, detail, version,
        s.active() == null ? null : s.active().digest());
  }

  private static GovernanceVerdict refused(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof AuthorizationRefused refused) {
      return new GovernanceVerdict.Deny(refused.reason(), refused.getMessage(), -1, null);
    }
    return new GovernanceVerdict.Deny("governance.error",
        "the delegation could not be checked: " + cause.getMessage(), -1, null);
  }
}
