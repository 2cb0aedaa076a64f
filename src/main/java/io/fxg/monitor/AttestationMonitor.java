package io.fxg.monitor;

import io.fxg.execution.Execution;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TrustActivation;
import io.fxg.execution.TrustVerdict;
import io.fxg.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The attestation trust monitor of one node: every {@link #TICK} it re-checks each live execution
 * here through the phase 4 seam, which re-challenges the environment once the bound attestation is
 * older than the stricter of the domain's and the obligation's {@code attestEverySeconds} (one
 * challenge per environment, shared). A refusal (stale, failed, changed measurements, unreachable
 * target) interrupts that execution with {@code trust.attestation}; a pass is reported to the
 * execution, which records {@code runtime.verified} (throttled). If the monitor itself crashes,
 * every execution it watched is interrupted before it restarts: a silent verifier never leaves
 * anything trusted (the Keylime CVE-2022-3500 lesson).
 */
public final class AttestationMonitor extends AbstractBehavior<AttestationMonitor.Command> {
  public static final Duration TICK = Duration.ofSeconds(1);
  public static final String NAME = "attestation";

  public sealed interface Command extends CborSerializable {}

  private enum Tick implements Command { INSTANCE }

  private record Live(List<LiveExecution> executions) implements Command {}

  private record Checked(LiveExecution execution, TrustVerdict verdict) implements Command {}

  private final ActorRef<ExecutionSupervisor.Command> supervisor;
  private final TrustActivation trust;
  private final ClusterSharding sharding;
  private final Map<String, Boolean> inFlight = new HashMap<>();

  public static Behavior<Command> create(ActorRef<ExecutionSupervisor.Command> supervisor, TrustActivation trust, Clock clock) {
    Behavior<Command> monitor = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      return new AttestationMonitor(context, supervisor, trust);
    }));
    return Behaviors.supervise(monitor).onFailure(SupervisorStrategy.restart());
  }

  private AttestationMonitor(ActorContext<Command> context, ActorRef<ExecutionSupervisor.Command> supervisor, TrustActivation trust) {
    super(context);
    this.supervisor = supervisor;
    this.trust = trust;
    this.sharding = ClusterSharding.get(context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> {
          supervisor.tell(new ExecutionSupervisor.GetLive(getContext().messageAdapter(
              ExecutionSupervisor.LiveExecutions.class, live -> new Live(live.executions()))));
          return this;
        })
        .onMessage(Live.class, this::onLive)
        .onMessage(Checked.class, this::onChecked)
        .onSignal(PreRestart.class, signal -> {
          supervisor.tell(new ExecutionSupervisor.MonitorFailed(NAME, "trust.attestation"));
          return this;
        })
        .build();
  }

  private Behavior<Command> onLive(Live live) {
    for (LiveExecution execution : live.executions()) {
      String id = execution.intent().executionId();
      if (inFlight.putIfAbsent(id, Boolean.TRUE) != null) {
        continue;
      }
      GovernanceVerdict.Permit obligations = new GovernanceVerdict.Permit(-1, null, List.of(), execution.obligations(), 0, "runtime re-check");
      getContext().pipeToSelf(trust.activate(execution.intent(), execution.artifact(), obligations),
          (verdict, error) -> new Checked(execution, error == null ? verdict
              : new TrustVerdict.Refused("trust.attestation", "re-attestation failed: " + error.getMessage())));
    }
    return this;
  }

  private Behavior<Command> onChecked(Checked checked) {
    String id = checked.execution().intent().executionId();
    inFlight.remove(id);
    var entity = sharding.entityRefFor(Execution.TYPE_KEY, id);
    if (checked.verdict() instanceof TrustVerdict.Activated activated) {
      entity.tell(new Execution.Reverified(activated.evidenceDigest(), activated.ageMillis(), activated.measurements()));
    } else {
      TrustVerdict.Refused refused = (TrustVerdict.Refused) checked.verdict();
      entity.tell(new Execution.Interrupt(refused.reason(), refused.detail(), NAME, null));
    }
    return this;
  }
}
