package io.fxg.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One execution: a sharded, event-sourced actor stepping through the eight phases of SPEC section
 * 7. Every event carries its {@link LineageRecord}, made (time, hash) in the command handler so
 * replay is exact; the chain is re-verified on recovery and a broken chain interrupts the execution
 * with {@code crypto.invalid}. Nothing is dispatched unless governance permitted, an artifact was
 * issued and trust was activated, each journaled first. This file holds the protocol, the command
 * routing per state and recovery; the handlers of phases 1 to 5 are in {@link ExecutionAdmission},
 * those of the running and finished execution (phases 5 to 8) in {@link ExecutionRuntime}.
 */
public final class Execution extends ExecutionAdmission {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Execution");
  /** Every lineage record of every chain carries this tag; the log and read models follow it. */
  public static final String LINEAGE_TAG = io.fxg.lineage.Lineaged.TAG;
  /** Reports beyond this many on one execution are refused: a long execution's lineage stays readable. */
  public static final int MAX_REPORTS = 10_000;
  /** The record types that end an execution; phase 8 follows the one a checkpoint covers. */
  public static final Set<String> TERMINAL_TYPES =
      Set.of("execution.completed", "execution.failed", "execution.interrupted", "execution.denied");
  /** At most one {@code report.rejected} record per execution this often. */
  public static final java.time.Duration REPORT_REJECTED_EVERY = java.time.Duration.ofSeconds(10);
  /** At most this many {@code report.rejected} records per execution; later rejections are only counted. */
  public static final int MAX_REPORT_REJECTED_RECORDS = 20;
  /** Throttle of {@code runtime.verified} records for unchanged evidence. */
  public static final java.time.Duration RUNTIME_VERIFIED_EVERY = java.time.Duration.ofSeconds(30);

  // ---- protocol ----

  public sealed interface Command extends CborSerializable {}

  public record Submit(ExecutionIntent intent, ActorRef<ViewReply> replyTo) implements Command {}

  public record GetView(ActorRef<ViewReply> replyTo) implements Command {}

  /** Replies once the execution is terminal (or at once if it is, or does not exist). */
  public record AwaitTerminal(ActorRef<ViewReply> replyTo) implements Command {}

  public record GetLineage(ActorRef<LineageReply> replyTo) implements Command {}

  public record GetArtifactStatus(ActorRef<ArtifactStatus> replyTo) implements Command {}

  public record Cancel(String requestedBy, ActorRef<Ack> replyTo) implements Command {}

  public record ReceiveReport(Report report, ActorRef<Ack> replyTo) implements Command {}

  /** From supervisors and monitors: cut the execution off, recording why and who said so. */
  public record Interrupt(String reason, String detail, String monitor, String evidence) implements Command {}

  /**
   * From the attestation monitor: the target re-attested. Recorded as {@code runtime.verified} when
   * the evidence changed or {@link #RUNTIME_VERIFIED_EVERY} passed since the last such record.
   */
  public record Reverified(String evidenceDigest, long ageMillis, com.fasterxml.jackson.databind.node.ObjectNode measurements)
      implements Command {}

  /**
   * From the HTTP layer: a report whose signature verified with {@code signerKeyId}, a key that may
   * not sign reports any more (revoked, its domain suspended): {@code crypto.invalid}.
   */
  public record ReportSignerRefused(String signerKeyId, String detail) implements Command {}

  /**
   * From the HTTP layer: a report refused because its signature did not verify (bad signature,
   * digest, unknown key, stale, replayed, ...). Interrupts nothing (anyone can send one); recorded
   * as {@code report.rejected} at most once per {@link #REPORT_REJECTED_EVERY} and {@link
   * #MAX_REPORT_REJECTED_RECORDS} times per execution, each record counting those not recorded.
   *
   * @param check the failed check ({@code bad-signature}, ...)
   * @param claimedKeyId the keyid the report claimed, or null
   */
  public record ReportRejected(String check, String claimedKeyId, String detail) implements Command {}

  /**
   * From the gateway's own dispatch (an upstream MCP tool server's {@code notifications/progress}
   * on the call the gateway made): recorded as {@code execution.progress} with {@code source}.
   * Unlike a report it carries no environment signature and claims no actions.
   */
  public record RelayedProgress(String source, ObjectNode progress) implements Command {}

  /** From the transparency log: a published checkpoint covers the terminal record. */
  public record ProofCovered(long logIndex, long treeSize, String checkpointDigest) implements Command {}

  /**
   * From the HTTP layer: the peer gateway {@code peer} signed a notice that the linked execution
   * there changed; the entity checks its counterpart at once (the notice itself proves nothing).
   */
  public record PeerNotice(String peer) implements Command {}

  /** Timer: check the counterpart of a cross-gateway link. */
  enum CheckPeer implements Command { INSTANCE }

  /** What the counterpart of a cross-gateway link said. */
  record PeerChecked(PeerLinks.PeerState state) implements Command {}

  /** From a child execution: link it into this parent's lineage. */
  public record LinkChild(String childId) implements Command {}

  /** @param view null when no execution has this id */
  public record ViewReply(ExecutionView view) implements CborSerializable {}

  public record LineageReply(List<LineageRecord> records) implements CborSerializable {}

  /** @param status active, revoked, expired, finished, or unknown */
  public record ArtifactStatus(String status) implements CborSerializable {}

  /** @param httpStatus 200 when accepted; otherwise the 4xx to answer, with detail */
  public record Ack(int httpStatus, String detail, String executionStatus) implements CborSerializable {}

  record GovernanceDecided(GovernanceVerdict verdict) implements Command {}

  enum IssueArtifact implements Command { INSTANCE }

  record TrustDecided(TrustVerdict verdict) implements Command {}

  enum StartDispatch implements Command { INSTANCE }

  record Dispatched(DispatchOutcome outcome) implements Command {}

  enum DeadlinePassed implements Command { INSTANCE }

  record TamperDetected(String detail) implements Command {}

  record CancelDelivered(String outcome) implements Command {}

  /** Asks the log whether a checkpoint covers the terminal record: the attempt-th check. */
  record CheckProof(int attempt) implements Command {}

  /** The log did not cover the terminal record at the attempt-th check. */
  record NotYetCovered(int attempt) implements Command {}

  /** Trust re-checked for a running execution recovered on this node (failover, restart). */
  record Reattested(TrustVerdict verdict) implements Command {}

  enum PassivateNow implements Command { INSTANCE }

  // ---- events: each is one lineage record ----

  public sealed interface Event extends CborSerializable, io.fxg.lineage.Lineaged {}

  public record IntentReceived(LineageRecord record, ExecutionIntent intent) implements Event {}

  public record GovernanceSynchronized(LineageRecord record, GovernanceVerdict.Permit permit) implements Event {}

  public record AuthorizationIssued(LineageRecord record, IssuedArtifact artifact) implements Event {}

  public record TrustActivated(LineageRecord record) implements Event {}

  public record ExecutionStarted(LineageRecord record, long deadlineEpochMilli) implements Event {}

  /**
   * {@code execution.progress}, {@code runtime.verified}, {@code report.rejected} and child links;
   * reportSeq 0 when no report was accepted.
   */
  public record Progressed(LineageRecord record, long reportSeq, String childId) implements Event {}

  public record Completed(LineageRecord record, com.fasterxml.jackson.databind.JsonNode result) implements Event {}

  public record Failed(LineageRecord record, String reason, String detail) implements Event {}

  public record Interrupted(LineageRecord record, String reason, String detail) implements Event {}

  public record Denied(LineageRecord record, int phase, String reason, String detail) implements Event {}

  public record ProofPersisted(LineageRecord record, long logIndex) implements Event {}

  /** {@code target.cancel} (phase 7): what came of telling the target to stop. */
  public record CancelRecorded(LineageRecord record) implements Event {}

  // ---- wiring ----

  public static Behavior<Command> create(
      String executionId, ExecutionServices services, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new Execution(executionId, services, context, timers, shard)));
  }

  private Execution(
      String executionId,
      ExecutionServices services,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(executionId, services, context, timers, shard);
  }

  @Override
  public ExecutionState emptyState() {
    return new ExecutionState.Empty();
  }

  /** Executions never snapshot: recovery skips the snapshot-store query (one per entity start). */
  @Override
  public org.apache.pekko.persistence.typed.javadsl.Recovery recovery() {
    return org.apache.pekko.persistence.typed.javadsl.Recovery.withSnapshotSelectionCriteria(
        org.apache.pekko.persistence.typed.SnapshotSelectionCriteria.none());
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(LINEAGE_TAG);
  }

  // ---- commands ----

  @Override
  public CommandHandlerWithReply<Command, Event, ExecutionState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, ExecutionState> builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(ExecutionState.Empty.class)
        .onCommand(Submit.class, this::onSubmit);
    builder.forStateType(ExecutionState.Pending.class)
        .onCommand(GovernanceDecided.class, this::onGovernanceDecided);
    builder.forStateType(ExecutionState.Governed.class)
        .onCommand(IssueArtifact.class, this::onIssueArtifact);
    builder.forStateType(ExecutionState.Authorized.class)
        .onCommand(TrustDecided.class, this::onTrustDecided);
    builder.forStateType(ExecutionState.TrustActive.class)
        .onCommand(StartDispatch.class, this::onStartDispatch);
    builder.forStateType(ExecutionState.Running.class)
        .onCommand(Dispatched.class, this::onDispatched)
        .onCommand(ReceiveReport.class, this::onReport)
        .onCommand(Reattested.class, this::onReattested)
        .onCommand(Reverified.class, this::onReverified)
        .onCommand(RelayedProgress.class, this::onRelayedProgress)
        .onCommand(CheckPeer.class, this::onCheckPeer)
        .onCommand(PeerChecked.class, this::onPeerChecked)
        .onCommand(PeerNotice.class, this::onPeerNotice)
        .onCommand(ReportSignerRefused.class, (s, c) -> interrupt(s, "crypto.invalid",
            "a report verified with key " + c.signerKeyId() + ", which may not sign it: " + c.detail(), "scope", null))
        .onCommand(ReportRejected.class, this::onReportRejected)
        .onCommand(DeadlinePassed.class, (s, c) -> interrupt(s, "deadline.exceeded",
            "the deadline " + Instant.ofEpochMilli(s.deadlineEpochMilli()) + " passed", "deadline", null));
    builder.forStateType(ExecutionState.Finished.class)
        .onCommand(ProofCovered.class, this::onProofCovered)
        .onCommand(TamperDetected.class, (s, c) -> interrupt(s, "crypto.invalid", c.detail(), "recovery", null))
        .onCommand(CheckProof.class, this::onCheckProof)
        .onCommand(NotYetCovered.class, this::onNotYetCovered)
        .onCommand(PassivateNow.class, (s, c) -> s.proven() || proofChecksOver ? passivate() : Effect().noReply())
        .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(), new Ack(409, "execution is already " + s.status(), s.status())))
        .onCommand(ReceiveReport.class, (s, c) -> Effect().reply(c.replyTo(), new Ack(409, "execution is " + s.status() + "; reports are refused", s.status())));
    builder.forAnyState()
        .onCommand(Submit.class, (s, c) -> Effect().reply(c.replyTo(), new ViewReply(view(s))))
        .onCommand(GetView.class, (s, c) -> Effect().reply(c.replyTo(), new ViewReply(view(s))))
        .onCommand(AwaitTerminal.class, this::onAwaitTerminal)
        .onCommand(GetLineage.class, (s, c) -> Effect().reply(c.replyTo(), new LineageReply(records(s))))
        .onCommand(GetArtifactStatus.class, (s, c) -> Effect().reply(c.replyTo(), new ArtifactStatus(ArtifactStatuses.of(s, now()))))
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(ReceiveReport.class, (s, c) -> Effect().reply(c.replyTo(), new Ack(409, "execution is not running", statusOf(s))))
        .onCommand(Interrupt.class, (s, c) -> interrupt(s, c.reason(), c.detail(), c.monitor(), c.evidence()))
        .onCommand(TamperDetected.class, (s, c) -> interrupt(s, "crypto.invalid", c.detail(), "recovery", null))
        .onCommand(LinkChild.class, this::onLinkChild)
        .onCommand(ProofCovered.class, (s, c) -> Effect().noReply())
        .onCommand(CancelDelivered.class, this::onCancelDelivered)
        .onCommand(PassivateNow.class, (s, c) -> Effect().noReply())
        .onCommand(GovernanceDecided.class, (s, c) -> Effect().noReply())
        .onCommand(IssueArtifact.class, (s, c) -> Effect().noReply())
        .onCommand(TrustDecided.class, (s, c) -> Effect().noReply())
        .onCommand(StartDispatch.class, (s, c) -> Effect().noReply())
        .onCommand(Dispatched.class, (s, c) -> Effect().noReply())
        .onCommand(Reattested.class, (s, c) -> Effect().noReply())
        .onCommand(Reverified.class, (s, c) -> Effect().noReply())
        .onCommand(RelayedProgress.class, (s, c) -> Effect().noReply())
        .onCommand(NotYetCovered.class, (s, c) -> Effect().noReply())
        .onCommand(CheckProof.class, (s, c) -> Effect().noReply())
        .onCommand(ReportSignerRefused.class, (s, c) -> Effect().noReply())
        .onCommand(ReportRejected.class, (s, c) -> Effect().noReply())
        .onCommand(DeadlinePassed.class, (s, c) -> Effect().noReply())
        .onCommand(CheckPeer.class, (s, c) -> Effect().noReply())
        .onCommand(PeerChecked.class, (s, c) -> Effect().noReply())
        .onCommand(PeerNotice.class, (s, c) -> Effect().noReply());
    return builder.build();
  }

  // ---- events ----

  @Override
  public EventHandler<ExecutionState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ExecutionEvents::apply);
  }

  // ---- recovery ----

  @Override
  public SignalHandler<ExecutionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(org.apache.pekko.actor.typed.PostStop.instance(), state -> onStopped())
        .build();
  }

  private void onRecovered(ExecutionState state) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    if (core == null) {
      return;
    }
    Optional<String> broken = ChainIntegrity.check(executionId, core);
    if (broken.isPresent()) {
      context.getLog().error("execution {}: lineage does not verify on recovery: {}", executionId, broken.get());
      context.getSelf().tell(new TamperDetected(broken.get()));
      return;
    }
    if (state instanceof ExecutionState.Pending) {
      decideGovernance(core.intent());
    } else if (state instanceof ExecutionState.Governed) {
      context.getSelf().tell(IssueArtifact.INSTANCE);
    } else if (state instanceof ExecutionState.Authorized s) {
      tellLive(core.intent(), s.artifact());
      activateTrust(s);
    } else if (state instanceof ExecutionState.TrustActive s) {
      tellLive(core.intent(), s.artifact());
      context.getSelf().tell(StartDispatch.INSTANCE);
    } else if (state instanceof ExecutionState.Running s) {
      tellLive(core.intent(), s.artifact());
      armDeadline(s.deadlineEpochMilli());
      if (counterpartOf(core) != null) {
        startPeerChecks();
      } else if (core.intent().forwardedTo() != null) {
        // Started but the peer's answer was not journaled (the node died while forwarding): forward
        // again; the same Idempotency-Key makes the peer answer with the same child.
        context.pipeToSelf(services.dispatch().execute(core.intent(), s.artifact().jws()),
            (outcome, error) -> new Dispatched(error == null ? outcome
                : new DispatchOutcome.Failed("dispatch.error", String.valueOf(error.getMessage()), 0)));
      }
      context.pipeToSelf(services.trust().activate(core.intent(), s.artifact(), s.permit()),
          (verdict, error) -> new Reattested(error == null ? verdict
              : new TrustVerdict.Refused("trust.attestation", "re-attestation failed: " + error.getMessage())));
    } else {
      ExecutionState.Finished finished = (ExecutionState.Finished) state;
      if (!finished.proven()) {
        // The log's one notice may have gone to a node that died: ask at once, then with backoff.
        context.getSelf().tell(new CheckProof(0));
      }
      schedulePassivation();
    }
  }

  static long terminalSeq(ExecutionState.Core core) {
    long seq = core.last().seq();
    for (LineageRecord record : core.records()) {
      if (TERMINAL_TYPES.contains(record.type())) {
        seq = record.seq();
      }
    }
    return seq;
  }

}
