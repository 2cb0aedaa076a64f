package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.authorization.ArtifactIssuer;
import io.fxg.authorization.DelegationGate;
import io.fxg.authorization.ParentKeys;
import io.fxg.identity.PeerKeys;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionServices;
import io.fxg.http.Authenticator;
import io.fxg.http.PolicyRoutes;
import io.fxg.identity.TrustView;
import io.fxg.policy.LocalPolicy;
import io.fxg.policy.PolicyGovernance;
import io.fxg.policy.PolicyStore;
import io.fxg.policy.PolicySync;
import io.fxg.policy.RiskScore;
import io.fxg.policy.RiskSignals;
import io.fxg.projection.ProjectionStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Wires governance and authorization (Layers 2 and 3) into a node: the {@link PolicyStore}
 * entity, this node's {@link PolicySync} and {@link LocalPolicy}, the {@link RiskSignals} journal
 * follower (resuming from its stored snapshot), the {@code policy-synchronized} and {@code
 * risk-signals-current} readiness checks, {@link PolicyRoutes}, and the two
 * execution seams ({@link PolicyGovernance}, {@link ArtifactIssuer}) that {@link GatewayNode}
 * passes into {@link ExecutionServices}.
 */
public final class GovernanceWiring {
  private GovernanceWiring() {}

  /**
   * What a node's governance exposes after wiring.
   *
   * @param governance the phase 2 seam
   * @param authorization the phase 3 seam
   * @param policy this node's committed and active policy
   */
  public record Wired(
      PolicyGovernance governance,
      ArtifactIssuer authorization,
      LocalPolicy policy,
      RiskSignals riskSignals,
      ActorRef<PolicySync.Command> sync,
      ActorSystem<?> system) {

    /** The services with the real governance and artifact issuer. */
    public ExecutionServices applyTo(ExecutionServices services) {
      return services.withGovernance(governance).withAuthorization(authorization);
    }

    /** Stops (or resumes) activating newly committed bundles on this node. */
    public CompletionStage<Done> holdActivation(boolean hold) {
      return AskPattern.ask(sync, r -> new PolicySync.HoldActivation(hold, r),
          Duration.ofSeconds(5), system.scheduler());
    }
  }

  /**
   * The trust state of an environment as the federation registry sees it: {@code UNKNOWN} when
   * not registered, {@code DEGRADED} when revoked or its domain is suspended, {@code TRUSTED}
   * otherwise. (Attestation freshness is checked at phase 4, not here.)
   */
  public static Function<String, RiskScore.EnvironmentTrust> environmentTrust(
      Supplier<TrustView> trust) {
    return environmentId -> {
      TrustView view = trust.get();
      Optional<TrustView.EnvironmentEntry> entry = view.environment(environmentId);
      if (entry.isEmpty()) {
        return RiskScore.EnvironmentTrust.UNKNOWN;
      }
      return view.isEnvironmentRevoked(environmentId) || view.isSuspended(entry.get().domain())
          ? RiskScore.EnvironmentTrust.DEGRADED : RiskScore.EnvironmentTrust.TRUSTED;
    };
  }

  /** Wires with every environment's trust state {@code UNKNOWN}. */
  public static Wired install(NodeContext context, Authenticator authenticator) {
    return install(context, authenticator, environment -> RiskScore.EnvironmentTrust.UNKNOWN,
        () -> io.fxg.identity.TrustView.EMPTY);
  }

  /**
   * @param environmentTrust the trust state of {@code DOMAIN/ENVIRONMENT} as monitors last saw
   *     it; called on every decision, so it must be a cheap lookup
   */
  public static Wired install(NodeContext context, Authenticator authenticator,
      Function<String, RiskScore.EnvironmentTrust> environmentTrust,
      java.util.function.Supplier<io.fxg.identity.TrustView> trust) {
    ActorSystem<Void> system = context.system();
    Config config = context.config();
    Duration syncTimeout = config.getDuration("fxg.governance.sync-timeout");
    Duration replicationTimeout = config.getDuration("fxg.governance.replication-timeout");
    Duration askTimeout = context.http().askTimeout();
    Clock clock = context.clock();

    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(PolicyStore.TYPE_KEY,
        ctx -> PolicyStore.create(clock, context.node())));
    LocalPolicy local = new LocalPolicy();
    ActorRef<PolicySync.Command> sync = system.systemActorOf(
        PolicySync.create(local,
            sharding.entityRefFor(PolicyStore.TYPE_KEY, PolicyStore.ENTITY_ID),
            config.getDuration("fxg.governance.reconcile-interval"), askTimeout,
            replicationTimeout),
        "policy-sync", Props.empty());

    RiskSignals signals = new RiskSignals(config.getDuration("fxg.governance.risk-window"), clock);
    ProjectionStatus signalsStatus = new ProjectionStatus();
    signals.follow(system, ProjectionWiring.lineage(context, RiskSignals.PROJECTION, signalsStatus), signalsStatus);

    Map<String, Ed25519PublicKey> gatewayKeys = context.keys().verificationKeys();
    ParentKeys parentKeys = intent -> intent.forwardedFrom() == null ? gatewayKeys
        : PeerKeys.of(trust.get(), intent.forwardedFrom());
    DelegationGate delegations = new DelegationGate(parentKeys,
        jti -> sharding.entityRefFor(Execution.TYPE_KEY, jti)
            .<Execution.ArtifactStatus>ask(Execution.GetArtifactStatus::new, askTimeout)
            .thenApply(Execution.ArtifactStatus::status));
    PolicyGovernance governance = new PolicyGovernance(local, signals, environmentTrust,
        delegations, clock, syncTimeout);
    ArtifactIssuer issuer = new ArtifactIssuer(config.getString("fxg.issuer"),
        context.keys().signer(), parentKeys,
        (parent, child) -> sharding.entityRefFor(Execution.TYPE_KEY, parent)
            .tell(new Execution.LinkChild(child)));

    context.health().register("policy-synchronized", () -> local.healthy(syncTimeout));
    // Decisions before the risk signals have folded the journal would count too few denials.
    context.health().register("risk-signals-current", signalsStatus::caughtUp);
    context.routes().add(new PolicyRoutes(system, context.http(), authenticator, sync,
        replicationTimeout).route());
    return new Wired(governance, issuer, local, signals, sync, system);
  }
}
