package io.fxg.execution;

import io.fxg.execution.Execution.*;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jws;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The runtime half of {@link Execution} (below {@link ExecutionAdmission}): phases 5 to 8 once dispatched (target outcomes, reports,
 * re-attestation after recovery), interruption and cancel delivery, denial, terminal bookkeeping
 * (waiters, observer, passivation), and the helpers every handler uses to make lineage records.
 * Split out only to keep each file readable; it has no life of its own.
 */
abstract class ExecutionRuntime
    extends EventSourcedBehaviorWithEnforcedReplies<Execution.Command, Execution.Event, ExecutionState> {

  final String executionId;
  final ExecutionServices services;
  final ActorContext<Execution.Command> context;
  final TimerScheduler<Execution.Command> timers;
  final ActorRef<ClusterSharding.ShardCommand> shard;
  final List<ActorRef<Execution.ViewReply>> waiters = new ArrayList<>();
  /** Rejected reports this incarnation did not record (throttled); the next report.rejected says how many. */
  int rejectedReportsNotRecorded;
  /** This incarnation told the observer it is live and has not ended: a stop must untell it. */
  boolean toldLive;
  /** This incarnation stopped asking the log for phase 8 (its backoff ran out); it may passivate. */
  boolean proofChecksOver;

  ExecutionRuntime(
      String executionId,
      ExecutionServices services,
      ActorContext<Execution.Command> context,
      TimerScheduler<Execution.Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(Execution.TYPE_KEY.name(), executionId));
    this.executionId = executionId;
    this.services = services;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
  }

  ReplyEffect<Event, ExecutionState> onDispatched(ExecutionState.Running state, Dispatched command) {
    DispatchOutcome outcome = command.outcome();
    if (outcome instanceof DispatchOutcome.Completed done) {
      LineageRecord record = next(state, "execution.completed", 6, LineageData.completed(done.result(), "dispatch"));
      return persist(state, new Completed(record, done.result())).thenRun(this::onTerminal).thenNoReply();
    }
    if (outcome instanceof DispatchOutcome.Forwarded forwarded) {
      return onForwarded(state, forwarded);
    }
    if (outcome instanceof DispatchOutcome.Failed failed) {
      LineageRecord record = next(state, "execution.failed", 6,
          LineageData.failed(failed.reason(), failed.detail(), failed.upstreamStatus()));
      return persist(state, new Failed(record, failed.reason(), failed.detail()))
          .thenRun(this::onTerminal).thenNoReply();
    }
    return Effect().noReply();
  }

  /** Forwarded to a peer gateway: record the link and start watching it ({@link ExecutionPeering}). */
  abstract ReplyEffect<Event, ExecutionState> onForwarded(ExecutionState.Running state, DispatchOutcome.Forwarded forwarded);

  /** Starts checking the counterpart of a cross-gateway link ({@link ExecutionPeering}). */
  abstract void startPeerChecks();

  ReplyEffect<Event, ExecutionState> onReport(ExecutionState.Running state, ReceiveReport command) {
    Report report = command.report();
    ExecutionIntent intent = state.core().intent();
    if (!intent.target().id().equals(report.signerKeyId())) {
      // The signature verified, so the signer is known and accountable: a valid key that is not the
      // target's reporting on this execution is a crypto fault (SPEC section 8), not noise.
      String detail = "a report verified with key " + report.signerKeyId() + ", which is not the target's ("
          + intent.target().id() + ")";
      return interruptThenReply(state, "crypto.invalid", detail, "scope", null, command.replyTo(),
          new Ack(403, "reports must be signed by " + intent.target().id() + "; the execution is interrupted"
              + " (crypto.invalid)", "interrupted"));
    }
    if (report.seq() <= state.lastReportSeq()) {
      return Effect().reply(command.replyTo(), new Ack(409,
          "seq must increase: " + report.seq() + " after " + state.lastReportSeq(), "running"));
    }
    if (state.core().records().size() >= Execution.MAX_REPORTS) {
      return Effect().reply(command.replyTo(), new Ack(429, "too many reports on one execution", "running"));
    }
    Optional<Report.Action> outOfScope = report.actions() == null ? Optional.empty()
        : report.actions().stream()
            .filter(a -> !intent.action().equals(a.action()) || !intent.resource().equals(a.resource()))
            .findFirst();
    if (outOfScope.isPresent()) {
      Report.Action bad = outOfScope.get();
      return interruptThenReply(state, "scope.violation",
          "reported action " + bad.action() + " on " + bad.resource() + " is outside the artifact scope "
              + intent.action() + " on " + intent.resource(), "scope", null, command.replyTo());
    }
    return switch (report.status()) {
      case "completed" -> {
        LineageRecord record = next(state, "execution.completed", 6, LineageData.completed(report.result(), "report"));
        yield persist(state, new Completed(record, report.result())).thenRun(this::onTerminal)
            .thenReply(command.replyTo(), s -> new Ack(200, "completed", statusOf(s)));
      }
      case "failed" -> {
        LineageRecord record = next(state, "execution.failed", 6, LineageData.failed("target.failed", report.error(), 0));
        yield persist(state, new Failed(record, "target.failed", report.error())).thenRun(this::onTerminal)
            .thenReply(command.replyTo(), s -> new Ack(200, "failed", statusOf(s)));
      }
      default -> {
        LineageRecord record = next(state, "execution.progress", 6, LineageData.progress(report));
        yield persist(state, new Progressed(record, report.seq(), null))
            .thenReply(command.replyTo(), s -> new Ack(200, "progress recorded", statusOf(s)));
      }
    };
  }

  ReplyEffect<Event, ExecutionState> onRelayedProgress(ExecutionState.Running state, Execution.RelayedProgress command) {
    if (state.core().records().size() >= Execution.MAX_REPORTS) {
      return Effect().noReply();
    }
    LineageRecord record = next(state, "execution.progress", 6, LineageData.relayedProgress(command.source(), command.progress()));
    return persist(state, new Progressed(record, 0, null)).thenNoReply();
  }

  /**
   * A running execution recovered here (its node was lost, or its shard moved) continues only once
   * its target attests again; otherwise it is interrupted.
   */
  ReplyEffect<Event, ExecutionState> onReattested(ExecutionState.Running state, Reattested command) {
    if (command.verdict() instanceof TrustVerdict.Activated activated) {
      ObjectNode data = LineageData.trust(activated).put("check", "recovery");
      return persist(state, new Progressed(next(state, "runtime.verified", 6, data), 0, null)).thenNoReply();
    }
    TrustVerdict.Refused refused = (TrustVerdict.Refused) command.verdict();
    return interrupt(state, refused.reason(), "recovered on " + services.node() + ": " + refused.detail(), "recovery", null);
  }

  ReplyEffect<Event, ExecutionState> onReverified(ExecutionState.Running state, Execution.Reverified command) {
    LineageRecord lastCheck = null;
    for (LineageRecord record : state.core().records()) {
      if (record.type().equals("runtime.verified") || record.type().equals("trust.activated")) {
        lastCheck = record;
      }
    }
    boolean sameEvidence = lastCheck != null && command.evidenceDigest().equals(lastCheck.data().path("evidence").asText());
    boolean recent = lastCheck != null && java.time.Duration.between(java.time.Instant.parse(lastCheck.at()), now())
        .compareTo(Execution.RUNTIME_VERIFIED_EVERY) < 0;
    if (sameEvidence && recent) {
      return Effect().noReply();
    }
    ObjectNode data = LineageData.trust(new TrustVerdict.Activated(command.evidenceDigest(), command.ageMillis(), command.measurements()))
        .put("check", "periodic");
    return persist(state, new Progressed(next(state, "runtime.verified", 6, data), 0, null)).thenNoReply();
  }

  ReplyEffect<Event, ExecutionState> onCancel(ExecutionState state, Cancel command) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    if (core == null) {
      return Effect().reply(command.replyTo(), new Ack(404, "no execution " + executionId, null));
    }
    // A forwarded execution's caller is the origin's principal: a key of the same name here is another
    // organisation's, so only the origin gateway (or an admin) may cancel it.
    String origin = core.intent().forwardedFrom();
    boolean byCaller = origin == null ? core.intent().caller().keyId().equals(command.requestedBy())
        : command.requestedBy().equals("gateway/" + origin);
    if (!byCaller && !command.requestedBy().startsWith("admin/")) {
      return Effect().reply(command.replyTo(), new Ack(403, "only the caller may cancel", statusOf(state)));
    }
    return interruptThenReply(state, "cancelled", "cancelled by " + command.requestedBy(), "caller", null, command.replyTo());
  }

  ReplyEffect<Event, ExecutionState> onAwaitTerminal(ExecutionState state, AwaitTerminal command) {
    if (state instanceof ExecutionState.Finished || state instanceof ExecutionState.Empty) {
      return Effect().reply(command.replyTo(), new ViewReply(view(state)));
    }
    waiters.add(command.replyTo());
    return Effect().noReply();
  }

  ReplyEffect<Event, ExecutionState> onLinkChild(ExecutionState state, LinkChild command) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    if (core == null || core.children().contains(command.childId())) {
      return Effect().noReply();
    }
    int phase = state instanceof ExecutionState.Running r ? r.phase() : phaseOf(state);
    LineageRecord record = next(state, "execution.progress", phase, LineageData.child(command.childId()));
    return persist(state, new Progressed(record, 0, command.childId())).thenNoReply();
  }

  ReplyEffect<Event, ExecutionState> onProofCovered(ExecutionState.Finished state, ProofCovered command) {
    if (state.proven()) {
      return Effect().noReply();
    }
    LineageRecord record = next(state, "proof.persisted", 8,
        LineageData.proof(command.logIndex(), command.treeSize(), command.checkpointDigest()));
    return persist(state, new ProofPersisted(record, command.logIndex()))
        .thenRun(s -> {
          timers.cancel(CheckProof.class);
          schedulePassivation();
        })
        .thenNoReply();
  }

  /**
   * Phase 8 must not hang on the log's one unacknowledged {@link ProofCovered} notice: a finished,
   * unproven execution asks {@link ProofLookup} itself on a backoff timer until a checkpoint covers
   * its terminal record or the backoff runs out, and does not passivate meanwhile (a passivated
   * entity would ask again only at its next recovery).
   */
  void scheduleProofCheck(int attempt) {
    Optional<Duration> delay = services.proofs().recheckAfter(attempt);
    if (delay.isPresent()) {
      timers.startSingleTimer(CheckProof.class, new CheckProof(attempt), delay.get());
    } else {
      proofChecksOver = true;
      schedulePassivation();
    }
  }

  ReplyEffect<Event, ExecutionState> onCheckProof(ExecutionState.Finished state, CheckProof check) {
    if (!state.proven()) {
      context.pipeToSelf(services.proofs().covered(executionId, Execution.terminalSeq(state.core())),
          (covered, error) -> error == null && covered.isPresent() ? covered.get() : new NotYetCovered(check.attempt()));
    }
    return Effect().noReply();
  }

  ReplyEffect<Event, ExecutionState> onNotYetCovered(ExecutionState.Finished state, NotYetCovered notYet) {
    if (!state.proven()) {
      scheduleProofCheck(notYet.attempt() + 1);
    }
    return Effect().noReply();
  }

  ReplyEffect<Event, ExecutionState> interrupt(
      ExecutionState state, String reason, String detail, String monitor, String evidence) {
    if (state instanceof ExecutionState.Empty
        || (state instanceof ExecutionState.Finished && !"crypto.invalid".equals(reason))) {
      return Effect().noReply();
    }
    boolean dispatched = state instanceof ExecutionState.Running;
    LineageRecord record = next(state, "execution.interrupted", 7,
        LineageData.interrupted(reason, detail, monitor, evidence));
    return persist(state, new Interrupted(record, reason, detail))
        .thenRun(s -> afterInterrupt(s, dispatched, reason))
        .thenNoReply();
  }

  ReplyEffect<Event, ExecutionState> interruptThenReply(
      ExecutionState state, String reason, String detail, String monitor, String evidence, ActorRef<Ack> replyTo) {
    return interruptThenReply(state, reason, detail, monitor, evidence, replyTo, null);
  }

  /** As above; {@code ack} (null: 200 "interrupted") is the answer once the interruption is journaled. */
  ReplyEffect<Event, ExecutionState> interruptThenReply(ExecutionState state, String reason, String detail,
      String monitor, String evidence, ActorRef<Ack> replyTo, Ack ack) {
    boolean dispatched = state instanceof ExecutionState.Running;
    LineageRecord record = next(state, "execution.interrupted", 7,
        LineageData.interrupted(reason, detail, monitor, evidence));
    return persist(state, new Interrupted(record, reason, detail))
        .thenRun(s -> afterInterrupt(s, dispatched, reason))
        .thenReply(replyTo, s -> ack != null ? ack : new Ack(200, "interrupted: " + reason, statusOf(s)));
  }

  /**
   * A report that failed verification: {@code report.rejected} unless one was recorded less than
   * {@link Execution#REPORT_REJECTED_EVERY} ago or {@link Execution#MAX_REPORT_REJECTED_RECORDS}
   * already were; the rejections not recorded are counted in the next record ({@code suppressed}).
   * The count is this incarnation's (a failover restarts it at 0); the limits hold across them,
   * being read from the lineage.
   */
  ReplyEffect<Event, ExecutionState> onReportRejected(ExecutionState.Running state, ReportRejected command) {
    List<LineageRecord> records = state.core().records();
    int recorded = 0;
    LineageRecord last = null;
    for (LineageRecord record : records) {
      if (record.type().equals("report.rejected")) {
        recorded++;
        last = record;
      }
    }
    boolean recent = last != null
        && Duration.between(Instant.parse(last.at()), now()).compareTo(Execution.REPORT_REJECTED_EVERY) < 0;
    if (recent || recorded >= Execution.MAX_REPORT_REJECTED_RECORDS || records.size() >= Execution.MAX_REPORTS) {
      rejectedReportsNotRecorded++;
      return Effect().noReply();
    }
    LineageRecord record = next(state, "report.rejected", 6, LineageData.reportRejected(command.check(),
        command.claimedKeyId(), command.detail(), rejectedReportsNotRecorded));
    return persist(state, new Progressed(record, 0, null))
        .thenRun(s -> rejectedReportsNotRecorded = 0)
        .thenNoReply();
  }

  void afterInterrupt(ExecutionState state, boolean dispatched, String reason) {
    if (dispatched) {
      ExecutionState.Core core = ExecutionState.coreOf(state);
      context.pipeToSelf(services.dispatch().cancel(core.intent(), reason, ExecutionPeering.forwardedChild(core)),
          (outcome, error) -> new CancelDelivered(error == null ? outcome : "cancel failed: " + error.getMessage()));
    }
    onTerminal(state);
  }

  ReplyEffect<Event, ExecutionState> onCancelDelivered(ExecutionState state, CancelDelivered delivered) {
    context.getLog().info("execution {}: cancel sent to target: {}", executionId, delivered.outcome());
    if (ExecutionState.coreOf(state) == null) {
      return Effect().noReply();
    }
    LineageRecord record = next(state, "target.cancel", 7, LineageData.cancel(delivered.outcome()));
    return persist(state, new CancelRecorded(record)).thenNoReply();
  }

  ReplyEffect<Event, ExecutionState> deny(
      ExecutionState state, int phase, String reason, String detail, long policyVersion, String policyDigest) {
    LineageRecord record = next(state, "execution.denied", phase,
        LineageData.denied(phase, reason, detail, policyVersion, policyDigest));
    return persist(state, new Denied(record, phase, reason, detail)).thenRun(this::onTerminal).thenNoReply();
  }

  /** Tells the observer the execution is live here (before its artifact is journaled, or on recovery). */
  void tellLive(ExecutionIntent intent, IssuedArtifact artifact) {
    toldLive = true;
    services.observer().live(intent, artifact);
  }

  /**
   * The incarnation stopped (PostStop): a failed journal write stops it, and so do passivation and
   * a shard hand-off. If it was told live and never ended, the observer forgets it here, so a first
   * write that failed leaves no live execution behind in the supervisor or the gauge.
   */
  void onStopped() {
    if (toldLive) {
      toldLive = false;
      services.observer().stopped(executionId);
    }
  }

  void onTerminal(ExecutionState state) {
    timers.cancel(DeadlinePassed.INSTANCE);
    timers.cancel(Execution.CheckPeer.INSTANCE);
    ExecutionState.Core ending = ExecutionState.coreOf(state);
    if (ending != null && ending.intent().forwardedFrom() != null) {
      services.peers().notifyOrigin(ending.intent());
    }
    ExecutionView ended = view(state);
    toldLive = false;
    services.observer().ended(executionId, ended == null ? "unknown" : ended.status());
    ViewReply reply = new ViewReply(ended);
    waiters.forEach(w -> w.tell(reply));
    waiters.clear();
    if (state instanceof ExecutionState.Finished finished && !finished.proven()) {
      scheduleProofCheck(0);
    }
    schedulePassivation();
  }

  void schedulePassivation() {
    if (shard != null) {
      timers.startSingleTimer(PassivateNow.INSTANCE, PassivateNow.INSTANCE, Duration.ofSeconds(30));
    }
  }

  ReplyEffect<Event, ExecutionState> passivate() {
    if (shard != null && waiters.isEmpty()) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().noReply();
  }

  void armDeadline(long deadlineEpochMilli) {
    long delay = Math.max(0, deadlineEpochMilli - now().toEpochMilli());
    timers.startSingleTimer(DeadlinePassed.INSTANCE, DeadlinePassed.INSTANCE, Duration.ofMillis(delay));
  }


  /** Persists one lineage event and tells the observer once it is journaled. */
  org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, ExecutionState> persist(ExecutionState before, Event event) {
    ExecutionState.Core core = ExecutionState.coreOf(before);
    LineageRecord previous = core == null ? null : core.last();
    return Effect().persist(event).thenRun(after -> services.observer().recorded(event.record(), previous));
  }

  /** Persists events atomically (one journal write) and tells the observer of each once journaled. */
  org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, ExecutionState> persistAll(
      ExecutionState before, List<Event> events) {
    ExecutionState.Core core = ExecutionState.coreOf(before);
    LineageRecord first = core == null ? null : core.last();
    return Effect().persist(events).thenRun(after -> {
      LineageRecord previous = first;
      for (Event event : events) {
        services.observer().recorded(event.record(), previous);
        previous = event.record();
      }
    });
  }

  Instant now() {
    return services.clock().instant();
  }

  LineageRecord next(ExecutionState state, String type, int phase, ObjectNode data) {
    return LineageChain.next(ExecutionState.coreOf(state).last(), executionId, type, phase, now(), services.node(), data);
  }

  static List<LineageRecord> records(ExecutionState state) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    return core == null ? List.of() : core.records();
  }

  static ExecutionView view(ExecutionState state) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    return core == null ? null : ExecutionView.of(state, parentJti(core.intent()));
  }

  static String statusOf(ExecutionState state) {
    ExecutionView view = view(state);
    return view == null ? null : view.status();
  }

  static int phaseOf(ExecutionState state) {
    ExecutionView view = view(state);
    return view == null ? 1 : view.phase();
  }

  /** The parent's jti, read (unverified) from the parent artifact; authorization verifies it. */
  static String parentJti(ExecutionIntent intent) {
    if (intent.parentArtifact() == null) {
      return null;
    }
    try {
      return Jws.unverifiedPayload(intent.parentArtifact()).path("jti").asText(null);
    } catch (CryptoException e) {
      return null;
    }
  }
}
