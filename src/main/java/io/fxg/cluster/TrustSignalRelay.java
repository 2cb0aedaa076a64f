package io.fxg.cluster;

import io.fxg.identity.TrustChange;
import io.fxg.identity.TrustRegistry;
import io.fxg.monitor.ExecutionSupervisor;
import io.fxg.monitor.TrustSignal;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node: turns each revoking {@link TrustChange} this node's {@link TrustRegistry} applies
 * (revoked key, environment or artifact, removed principal or environment, suspended domain) into
 * {@code trust.revoked} {@link TrustSignal}s for the supervisors, so running executions that depend
 * on it are interrupted (SPEC sections 5 and 8). Every node relays what it sees, so a change reaches
 * the supervisors even if one node's registry missed the publication; supervisors and executions
 * treat the repeated signal as the no-op it is.
 */
final class TrustSignalRelay {
  static final String MONITOR = "identity";

  private TrustSignalRelay() {}

  static Behavior<TrustChange> create(ActorRef<TrustRegistry.Command> registry,
      ActorRef<ExecutionSupervisor.Command> supervisor) {
    return Behaviors.setup(context -> {
      registry.tell(new TrustRegistry.Subscribe(context.getSelf()));
      return Behaviors.receive(TrustChange.class)
          .onMessage(TrustChange.class, change -> {
            for (TrustSignal signal : signals(change)) {
              supervisor.tell(new ExecutionSupervisor.Publish(signal));
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  static List<TrustSignal> signals(TrustChange change) {
    if (!change.revokesTrust()) {
      return List.of();
    }
    return switch (change.kind()) {
      // A DOMAIN/NAME key is a principal's or an environment's: the signal for the other kind selects nothing.
      case KEY_REVOKED -> List.of(signal(TrustSignal.Scope.PRINCIPAL, change), signal(TrustSignal.Scope.ENVIRONMENT, change));
      case PRINCIPAL_REMOVED -> List.of(signal(TrustSignal.Scope.PRINCIPAL, change));
      case ENVIRONMENT_REVOKED, ENVIRONMENT_REMOVED -> List.of(signal(TrustSignal.Scope.ENVIRONMENT, change));
      case ARTIFACT_REVOKED -> List.of(signal(TrustSignal.Scope.ARTIFACT, change));
      case DOMAIN_SUSPENDED -> List.of(signal(TrustSignal.Scope.DOMAIN, change));
      default -> List.of();
    };
  }

  private static TrustSignal signal(TrustSignal.Scope scope, TrustChange change) {
    return new TrustSignal(scope, change.subject(), "trust.revoked", change.detail(), MONITOR, null);
  }
}
