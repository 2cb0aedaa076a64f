package io.fxg.execution;

import io.fxg.execution.Execution.CheckPeer;
import io.fxg.execution.Execution.Command;
import io.fxg.execution.Execution.Completed;
import io.fxg.execution.Execution.Event;
import io.fxg.execution.Execution.Failed;
import io.fxg.execution.Execution.Interrupted;
import io.fxg.execution.Execution.PeerChecked;
import io.fxg.execution.Execution.PeerNotice;
import io.fxg.execution.Execution.Progressed;
import io.fxg.execution.PeerLinks.PeerState;
import io.fxg.lineage.LineageRecord;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The cross-gateway half of {@link Execution} (SPEC section 13). On the origin gateway an execution
 * whose target a peer governs is forwarded at phase 5 and records the peer's child ({@code
 * execution.progress} with {@code forwardedTo}); on the peer, an execution forwarded from the
 * origin names the origin's artifact as its parent. While running, each side checks its
 * counterpart every {@link PeerLinks#checkInterval()} (and at once on a pushed {@link PeerNotice}):
 * the origin takes the child's outcome as its own, the peer is interrupted when the origin's
 * artifact is no longer active, and either side is interrupted with {@value #UNREACHABLE} once the
 * counterpart has not answered for {@link PeerLinks#maxSilence()}. Split out only to keep each file
 * readable; it has no life of its own.
 */
abstract class ExecutionPeering extends ExecutionRuntime {
  public static final String UNREACHABLE = "federation.unreachable";
  static final String MONITOR = "federation";

  /** When this incarnation last heard from the counterpart (the link's start counts as hearing). */
  private Instant lastHeard;

  ExecutionPeering(String executionId, ExecutionServices services, ActorContext<Command> context,
      TimerScheduler<Command> timers, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(executionId, services, context, timers, shard);
  }

  @Override
  ReplyEffect<Event, ExecutionState> onForwarded(ExecutionState.Running state, DispatchOutcome.Forwarded forwarded) {
    LineageRecord record = next(state, "execution.progress", 6,
        LineageData.forwarded(forwarded.peer(), forwarded.childId(), forwarded.url()));
    return persist(state, new Progressed(record, 0, null)).thenRun(s -> startPeerChecks()).thenNoReply();
  }

  /** Starts (or restarts) the periodic check of the counterpart; the silence clock starts now. */
  @Override
  void startPeerChecks() {
    lastHeard = now();
    timers.startTimerWithFixedDelay(CheckPeer.INSTANCE, CheckPeer.INSTANCE, services.peers().checkInterval());
  }

  ReplyEffect<Event, ExecutionState> onCheckPeer(ExecutionState.Running state, CheckPeer check) {
    String counterpart = counterpartOf(state.core());
    if (counterpart != null) {
      context.pipeToSelf(services.peers().check(state.core().intent(), counterpart),
          (answer, error) -> new PeerChecked(error == null ? answer : new PeerState.Unreachable(String.valueOf(error))));
    }
    return Effect().noReply();
  }

  ReplyEffect<Event, ExecutionState> onPeerNotice(ExecutionState.Running state, PeerNotice notice) {
    if (notice.peer().equals(state.core().intent().peer())) {
      context.getSelf().tell(CheckPeer.INSTANCE);
    }
    return Effect().noReply();
  }

  ReplyEffect<Event, ExecutionState> onPeerChecked(ExecutionState.Running state, PeerChecked checked) {
    ExecutionIntent intent = state.core().intent();
    String peer = intent.peer();
    if (checked.state() instanceof PeerState.Live) {
      lastHeard = now();
      return Effect().noReply();
    }
    if (checked.state() instanceof PeerState.Removed removed) {
      return interrupt(state, "trust.revoked", removed.detail(), MONITOR, null);
    }
    if (checked.state() instanceof PeerState.Unreachable silent) {
      Instant since = lastHeard == null ? now() : lastHeard;
      Duration silence = Duration.between(since, now());
      if (silence.compareTo(services.peers().maxSilence()) < 0) {
        return Effect().noReply();
      }
      return interrupt(state, UNREACHABLE, "peer gateway " + peer + " did not answer for " + silence.toMillis()
          + " ms (fxg.peers.max-silence " + services.peers().maxSilence().toMillis() + " ms): " + silent.detail(),
          MONITOR, null);
    }
    lastHeard = now();
    PeerState.Ended ended = (PeerState.Ended) checked.state();
    String counterpart = counterpartOf(state.core());
    if (intent.forwardedFrom() != null) {
      return interrupt(state, "cancelled", "the origin gateway " + peer + " reports its execution " + counterpart
          + " is " + ended.status() + " (its cancel did not reach this gateway)", MONITOR, null);
    }
    String on = "on peer gateway " + peer + " (execution " + counterpart + ")";
    switch (ended.status()) {
      case "completed": {
        LineageRecord record = next(state, "execution.completed", 6, LineageData.completed(ended.result(), "peer"));
        return persist(state, new Completed(record, ended.result())).thenRun(this::onTerminal).thenNoReply();
      }
      case "failed": {
        String detail = on + ": " + ended.detail();
        LineageRecord record = next(state, "execution.failed", 6, LineageData.failed(ended.reason(), detail, 0));
        return persist(state, new Failed(record, ended.reason(), detail)).thenRun(this::onTerminal).thenNoReply();
      }
      case "denied":
        return deny(state, ended.phase(), ended.reason(), "denied " + on + " at phase " + ended.phase() + ": "
            + ended.detail(), -1, null);
      default: {
        // Interrupted there: recorded here with the peer's reason; the peer already told its target.
        String detail = on + ": " + ended.detail();
        LineageRecord record = next(state, "execution.interrupted", 7,
            LineageData.interrupted(ended.reason(), detail, MONITOR, null));
        return persist(state, new Interrupted(record, ended.reason(), detail)).thenRun(this::onTerminal).thenNoReply();
      }
    }
  }

  /**
   * The execution on the other gateway this one is linked to: the origin's (the parent jti) for an
   * execution forwarded here, the peer's child once this one was forwarded, else null.
   */
  static String counterpartOf(ExecutionState.Core core) {
    ExecutionIntent intent = core.intent();
    if (intent.forwardedFrom() != null) {
      return parentJti(intent);
    }
    return intent.forwardedTo() == null ? null : forwardedChild(core);
  }

  /** The peer's execution id this one was forwarded as, from its lineage; null before that. */
  static String forwardedChild(ExecutionState.Core core) {
    for (LineageRecord record : core.records()) {
      if (record.type().equals("execution.progress") && record.data().has("forwardedTo")) {
        return record.data().path("child").asText(null);
      }
    }
    return null;
  }

  /** The link as the view shows it, null for an execution without one. */
  static ExecutionView.PeerLink peerLink(ExecutionState.Core core) {
    ExecutionIntent intent = core.intent();
    if (intent.peer() == null) {
      return null;
    }
    boolean origin = intent.forwardedTo() != null;
    return new ExecutionView.PeerLink(intent.peer(), origin ? "child" : "parent", counterpartOf(core));
  }
}
