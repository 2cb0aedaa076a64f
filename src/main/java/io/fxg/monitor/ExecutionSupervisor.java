package io.fxg.monitor;

import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.Governance;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * One per node: tracks the live executions hosted here (told by the entities through
 * {@link SupervisorObserver}) and sends {@link Execution.Interrupt} to exactly those a
 * {@link TrustSignal} selects. Signals travel on the cluster-wide topic {@value #TOPIC}; an
 * interrupted execution publishes an {@code ANCESTOR} signal so descendants on any node follow.
 * A new committed policy re-evaluates every live execution here.
 */
public final class ExecutionSupervisor extends AbstractBehavior<ExecutionSupervisor.Command> {
  public static final String TOPIC = "fxg-trust";

  public sealed interface Command extends CborSerializable {}

  public record Track(LiveExecution live) implements Command {}

  /** @param status the terminal status, or {@code stopped} when it stopped here without ending */
  public record Untrack(String executionId, String status) implements Command {}

  /** Publish a signal cluster-wide (monitors on this node use this). */
  public record Publish(TrustSignal signal) implements Command {}

  /** This node can no longer govern what it runs: interrupt all of it. */
  public record NodeDegraded(String reason, String detail, String monitor) implements Command {}

  /** A new policy version was committed: re-evaluate every live execution here. */
  public record PolicyCommitted(long version) implements Command {}

  /** A monitor crashed: what it watched is interrupted (fail closed) before it restarts. */
  public record MonitorFailed(String monitor, String reason) implements Command {}

  public record GetLive(ActorRef<LiveExecutions> replyTo) implements Command {}

  public record LiveExecutions(List<LiveExecution> executions) implements CborSerializable {}

  private record Signal(TrustSignal signal) implements Command {}

  private record Reevaluated(String executionId, GovernanceVerdict verdict, long version) implements Command {}

  private final Map<String, LiveExecution> live = new HashMap<>();
  private final ActorRef<Topic.Command<TrustSignal>> topic;
  private final ClusterSharding sharding;
  private final Governance governance;

  public static Behavior<Command> create(Governance governance) {
    return Behaviors.setup(context -> new ExecutionSupervisor(context, governance));
  }

  private ExecutionSupervisor(ActorContext<Command> context, Governance governance) {
    super(context);
    this.governance = governance;
    this.sharding = ClusterSharding.get(context.getSystem());
    this.topic = context.spawn(Topic.create(TrustSignal.class, TOPIC), "trust-topic");
    topic.tell(Topic.subscribe(context.messageAdapter(TrustSignal.class, Signal::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Track.class, t -> { live.put(t.live().intent().executionId(), t.live()); return this; })
        .onMessage(Untrack.class, this::onUntrack)
        .onMessage(Publish.class, p -> { topic.tell(Topic.publish(p.signal())); return this; })
        .onMessage(Signal.class, s -> { interruptAffected(s.signal()); return this; })
        .onMessage(NodeDegraded.class, this::onNodeDegraded)
        .onMessage(PolicyCommitted.class, this::onPolicyCommitted)
        .onMessage(MonitorFailed.class, failed -> onNodeDegraded(new NodeDegraded(failed.reason(),
            "the " + failed.monitor() + " monitor failed; nothing it watched stays trusted", failed.monitor())))
        .onMessage(Reevaluated.class, this::onReevaluated)
        .onMessage(GetLive.class, g -> { g.replyTo().tell(new LiveExecutions(List.copyOf(live.values()))); return this; })
        .build();
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    LiveExecution ended = live.remove(untrack.executionId());
    if (ended != null && "interrupted".equals(untrack.status())) {
      topic.tell(Topic.publish(new TrustSignal(TrustSignal.Scope.ANCESTOR, ended.jti(), "trust.revoked",
          "ancestor execution " + ended.jti() + " was interrupted; its artifact is revoked", "supervisor", null)));
    }
    return this;
  }

  private void interruptAffected(TrustSignal signal) {
    for (LiveExecution execution : new ArrayList<>(live.values())) {
      if (signal.affects(execution)) {
        interrupt(execution.intent().executionId(), signal.reason(), signal.detail(), signal.monitor(), signal.evidence());
      }
    }
  }

  private Behavior<Command> onNodeDegraded(NodeDegraded degraded) {
    for (String id : new ArrayList<>(live.keySet())) {
      interrupt(id, degraded.reason(), degraded.detail(), degraded.monitor(), null);
    }
    return this;
  }

  private Behavior<Command> onPolicyCommitted(PolicyCommitted committed) {
    for (LiveExecution execution : live.values()) {
      ExecutionIntent intent = execution.intent();
      getContext().pipeToSelf(governance.decide(intent), (verdict, error) -> new Reevaluated(intent.executionId(),
          error == null ? verdict : new GovernanceVerdict.Deny("governance.error", String.valueOf(error.getMessage()), committed.version(), null),
          committed.version()));
    }
    return this;
  }

  private Behavior<Command> onReevaluated(Reevaluated result) {
    if (result.verdict() instanceof GovernanceVerdict.Deny deny && live.containsKey(result.executionId())) {
      interrupt(result.executionId(), "governance.policy-changed",
          "policy version " + result.version() + " no longer permits it: " + deny.detail(), "governance", deny.policyDigest());
    }
    return this;
  }

  private void interrupt(String executionId, String reason, String detail, String monitor, String evidence) {
    getContext().getLog().info("interrupting {}: {} ({})", executionId, reason, detail);
    sharding.entityRefFor(Execution.TYPE_KEY, executionId).tell(new Execution.Interrupt(reason, detail, monitor, evidence));
  }

  /** The observer the node's entities report to. */
  public static io.fxg.execution.ExecutionObserver observer(ActorRef<Command> supervisor) {
    return new io.fxg.execution.ExecutionObserver() {
      @Override
      public void live(ExecutionIntent intent, IssuedArtifact artifact) {
        supervisor.tell(new Track(LiveExecution.of(intent, artifact)));
      }

      @Override
      public void ended(String executionId, String status) {
        supervisor.tell(new Untrack(executionId, status));
      }

      @Override
      public void stopped(String executionId) {
        supervisor.tell(new Untrack(executionId, "stopped"));
      }
    };
  }
}
