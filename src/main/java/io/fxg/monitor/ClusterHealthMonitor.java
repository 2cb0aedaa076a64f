package io.fxg.monitor;

import io.fxg.serialization.CborSerializable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The cluster-health trust monitor: this node governs only while it sees a majority of the Up
 * members as reachable. When it loses that quorum, or is removed or downed, it tells the
 * supervisor to interrupt everything it runs ({@code governance.partitioned}) and reports not-ready
 * (new executions get 503), rather than letting executions run ungoverned on a minority side.
 */
public final class ClusterHealthMonitor extends AbstractBehavior<ClusterHealthMonitor.Command> {
  public sealed interface Command extends CborSerializable {}

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {}

  private record Membership(ClusterEvent.MemberEvent event) implements Command {}

  /** Periodic re-assessment: subscriptions do not replay a state reached before they started. */
  private enum Tick implements Command { INSTANCE }

  private final ActorRef<ExecutionSupervisor.Command> supervisor;
  private final AtomicBoolean quorum;
  private final Cluster cluster;
  /** Set once this node has cut its executions off, until it has a majority again. */
  private boolean degraded;
  /** Before a node first becomes Up it runs nothing and has nothing to cut off. */
  private boolean wasActive;
  /**
   * Set once this node leaves of its own accord (it is Leaving or Exiting, or shutting down for a
   * reason other than being downed): its executions were handed over, and being Removed at the end
   * of that is no loss of governance. Before, every close of a node ended with this monitor's
   * warning on the terminal (bench, demo).
   */
  private boolean left;

  /** @param quorum written by the monitor, read by the node's readiness check */
  public static Behavior<Command> create(ActorRef<ExecutionSupervisor.Command> supervisor, AtomicBoolean quorum) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, java.time.Duration.ofMillis(500));
      return new ClusterHealthMonitor(context, supervisor, quorum);
    }));
  }

  private ClusterHealthMonitor(ActorContext<Command> context, ActorRef<ExecutionSupervisor.Command> supervisor, AtomicBoolean quorum) {
    super(context);
    this.supervisor = supervisor;
    this.quorum = quorum;
    this.cluster = Cluster.get(context.getSystem());
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new), ClusterEvent.ReachabilityEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new), ClusterEvent.MemberEvent.class));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Reachability.class, r -> reassess())
        .onMessage(Membership.class, m -> reassess())
        .onMessage(Tick.class, t -> reassess())
        .build();
  }

  private Behavior<Command> reassess() {
    Member self = cluster.selfMember();
    int up = 0;
    int reachableUp = 0;
    for (Member member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp()) {
        up++;
        if (!cluster.state().getUnreachable().contains(member)) {
          reachableUp++;
        }
      }
    }
    MemberStatus status = self.status();
    boolean active = status == MemberStatus.up() || status == MemberStatus.weaklyUp();
    boolean handingOver = status == MemberStatus.leaving() || status == MemberStatus.exiting();
    boolean majority = reachableUp * 2 > up;
    quorum.set(active && majority);
    // A graceful leave hands executions over (sharding moves them; they re-attest on arrival);
    // losing sight of the majority, or being downed, means nobody governs them here: cut them off.
    wasActive |= active;
    left |= handingOver || shuttingDownNotDowned();
    boolean cutOff = wasActive && !left
        && (!majority || status == MemberStatus.down() || status == MemberStatus.removed());
    if (cutOff && !degraded) {
      String detail = "node " + self.address() + " sees " + reachableUp + " of " + up
          + " Up members reachable (status " + status + "): it cannot govern what it runs";
      getContext().getLog().warn(detail);
      supervisor.tell(new ExecutionSupervisor.NodeDegraded("governance.partitioned", detail, "cluster-health"));
    }
    degraded = cutOff;
    return this;
  }

  private boolean shuttingDownNotDowned() {
    var reason = CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason();
    return reason.isPresent() && reason.get() != CoordinatedShutdown.clusterDowningReason();
  }
}
