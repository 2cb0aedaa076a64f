package io.fxg.execution;

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
import java.util.concurrent.CompletionStage;
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
 * One execution: a sharded, event-sourced actor stepping through the eight phases of SPEC section
 * 7. Every event carries its {@link LineageRecord}, made (time, hash) in the command handler so
 * replay is exact; the chain is re-verified on recovery and a broken chain interrupts the execution
 * with {@code crypto.invalid}. Nothing is dispatched unless governance permitted, an artifact was
 * issued and trust was activated, each journaled first.
 */
public final class Execution extends ExecutionRuntime {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Execution");
  /** Every lineage record of every chain carries this tag; the log and read models follow it. */
  public static final String LINEAGE_TAG = io.fxg.lineage.Lineaged.TAG;
  /** Reports beyond this many on one execution are refused: a long execution's lineage stays readable. */
  public static final int MAX_REPORTS = 10_000;
  /** The record types that end an execution; phase 8 follows the one a checkpoint covers. */
  public static final Set<String> TERMINAL_TYPES =
      Set.of("execution.completed", "execution.failed", "execution.interrupted", "execution.denied");
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

  /** From the HTTP layer: a report claiming {@code claimedSigner} failed its signature check. */
  public record ReportSignatureInvalid(String claimedSigner, String detail) implements Command {}

  /** From the transparency log: a published checkpoint covers the terminal record. */
  public record ProofCovered(long logIndex, long treeSize, String checkpointDigest) implements Command {}

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

  /** {@code execution.progress}, {@code runtime.verified} and child links; reportSeq 0 when no report. */
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
        .onCommand(ReportSignatureInvalid.class, (s, c) -> s.core().intent().target().id().equals(c.claimedSigner())
            ? interrupt(s, "crypto.invalid", "a report claiming " + c.claimedSigner() + " failed its signature check: " + c.detail(), "scope", null)
            : Effect().noReply())
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
        .onCommand(NotYetCovered.class, (s, c) -> Effect().noReply())
        .onCommand(CheckProof.class, (s, c) -> Effect().noReply())
        .onCommand(ReportSignatureInvalid.class, (s, c) -> Effect().noReply())
        .onCommand(DeadlinePassed.class, (s, c) -> Effect().noReply());
    return builder.build();
  }

  private ReplyEffect<Event, ExecutionState> onSubmit(ExecutionState.Empty state, Submit command) {
    ExecutionIntent intent = command.intent();
    if (!executionId.equals(intent.executionId())) {
      return Effect().reply(command.replyTo(), new ViewReply(null));
    }
    LineageRecord record = LineageChain.next(null, executionId, "intent.received", 1, now(),
        services.node(), LineageData.intent(intent, parentJti(intent)));
    IntentReceived received = new IntentReceived(record, intent);
    CompletionStage<GovernanceVerdict> decision = services.governance().decide(intent);
    GovernanceVerdict ready = completedValue(decision);
    if (ready instanceof GovernanceVerdict.Permit permit) {
      // Decided at once (a synchronised node): intent and decision are journaled in one atomic
      // write with whatever else is decided at once (see persistDecided). The 202 still shows the
      // accepted intent (phase 1), as SPEC section 7 describes it.
      ExecutionState accepted = ExecutionEvents.apply(state, received);
      GovernanceSynchronized governed = new GovernanceSynchronized(
          next(accepted, "governance.synchronized", 2, LineageData.governance(permit)), permit);
      return persistDecided(state, List.of(received, governed))
          .thenReply(command.replyTo(), s -> new ViewReply(view(accepted)));
    }
    return persist(state, received)
        .thenRun(s -> pipeDecision(decision))
        .thenReply(command.replyTo(), s -> new ViewReply(view(s)));
  }

  private void decideGovernance(ExecutionIntent intent) {
    pipeDecision(services.governance().decide(intent));
  }

  private void pipeDecision(CompletionStage<GovernanceVerdict> decision) {
    context.pipeToSelf(
        decision,
        (verdict, error) -> new GovernanceDecided(error == null ? verdict
            : new GovernanceVerdict.Deny("governance.error", String.valueOf(error.getMessage()), -1, null)));
  }

  private ReplyEffect<Event, ExecutionState> onGovernanceDecided(ExecutionState.Pending state, GovernanceDecided command) {
    if (command.verdict() instanceof GovernanceVerdict.Permit permit) {
      LineageRecord record = next(state, "governance.synchronized", 2, LineageData.governance(permit));
      return persistDecided(state, List.of(new GovernanceSynchronized(record, permit))).thenNoReply();
    }
    GovernanceVerdict.Deny deny = (GovernanceVerdict.Deny) command.verdict();
    return deny(state, 2, deny.reason(), deny.detail(), deny.policyVersion(), deny.policyDigest());
  }

  /**
   * Journals {@code decided} (ending in a permit) in one atomic write together with the steps that
   * are decided at once after it: for a root execution the artifact (phase 3), and when a fresh
   * cached attestation of the target decides trust, trust activation and the start (phases 4 and
   * 5), so the common path costs one journal round trip instead of three. Nothing leaves the
   * gateway before the write: no challenge, and the artifact is sent to the target only after it
   * is journaled. Anything not decided at once (a refusal, a delegated execution, an attestation
   * to fetch) continues step by step after the write, exactly as after a separate one.
   */
  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, ExecutionState> persistDecided(
      ExecutionState before, List<Event> decided) {
    ExecutionState governed = before;
    for (Event event : decided) {
      governed = ExecutionEvents.apply(governed, event);
    }
    ExecutionIntent intent = ExecutionState.coreOf(governed).intent();
    IssuedArtifact artifact = parentJti(intent) == null
        ? issuedAtOnce(intent, ((ExecutionState.Governed) governed).permit()) : null;
    if (artifact == null) {
      return persistAll(before, decided).thenRun(s -> context.getSelf().tell(IssueArtifact.INSTANCE));
    }
    return persistAuthorized(before, decided, (ExecutionState.Governed) governed, artifact);
  }

  /** The artifact when issuing succeeds; null leaves issuing, and its refusal, to {@link IssueArtifact}. */
  private IssuedArtifact issuedAtOnce(ExecutionIntent intent, GovernanceVerdict.Permit permit) {
    try {
      return services.authorization().issue(intent, permit, now());
    } catch (Authorization.AuthorizationRefused | RuntimeException e) {
      return null;
    }
  }

  /**
   * Journals {@code decided} plus the artifact, and trust and start too when a fresh cached
   * attestation decides trust without contacting the target. The supervisor is told of the live
   * execution before the write, so a revocation accepted while it is being written reaches it
   * (the interrupt waits for the write, then cuts the execution off).
   */
  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, ExecutionState> persistAuthorized(
      ExecutionState before, List<Event> decided, ExecutionState.Governed governed, IssuedArtifact artifact) {
    ExecutionIntent intent = governed.core().intent();
    AuthorizationIssued authorization = new AuthorizationIssued(next(governed, "authorization.issued", 3,
        LineageData.authorization(intent, governed.permit(), artifact)), artifact);
    ExecutionState.Authorized authorized = (ExecutionState.Authorized) ExecutionEvents.apply(governed, authorization);
    List<Event> events = new java.util.ArrayList<>(decided);
    events.add(authorization);
    tellLive(intent, artifact);
    Optional<TrustVerdict.Activated> cached = services.trust().cachedActivation(intent, governed.permit());
    if (cached.isPresent()) {
      TrustActivated trusted = new TrustActivated(next(authorized, "trust.activated", 4, LineageData.trust(cached.get())));
      ExecutionState.TrustActive active = (ExecutionState.TrustActive) ExecutionEvents.apply(authorized, trusted);
      ExecutionStarted started = started(active);
      events.add(trusted);
      events.add(started);
      return persistAll(before, events).thenRun(s -> dispatch(active, started.deadlineEpochMilli()));
    }
    return persistAll(before, events).thenRun(s -> activateTrust((ExecutionState.Authorized) s));
  }

  /** The value of a stage that has already completed normally, else null. */
  private static <T> T completedValue(CompletionStage<T> stage) {
    java.util.concurrent.CompletableFuture<T> future = stage.toCompletableFuture();
    return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
  }

  private ReplyEffect<Event, ExecutionState> onIssueArtifact(ExecutionState.Governed state, IssueArtifact command) {
    ExecutionIntent intent = state.core().intent();
    IssuedArtifact artifact;
    try {
      artifact = services.authorization().issue(intent, state.permit(), now());
    } catch (Authorization.AuthorizationRefused refused) {
      return deny(state, 3, refused.reason(), refused.getMessage(), -1, null);
    } catch (RuntimeException e) {
      context.getLog().error("artifact issuing failed for {}", executionId, e);
      return deny(state, 3, "authorization.error", "the artifact could not be issued", -1, null);
    }
    return persistAuthorized(state, List.of(), state, artifact).thenNoReply();
  }

  private void activateTrust(ExecutionState.Authorized state) {
    context.pipeToSelf(services.trust().activate(state.core().intent(), state.artifact(), state.permit()),
        (verdict, error) -> new TrustDecided(error == null ? verdict
            : new TrustVerdict.Refused("trust.attestation", "attestation failed: " + error.getMessage())));
  }

  private ReplyEffect<Event, ExecutionState> onTrustDecided(ExecutionState.Authorized state, TrustDecided command) {
    if (command.verdict() instanceof TrustVerdict.Activated activated) {
      // trust.activated and execution.started in one atomic write: nothing is dispatched before
      // both are journaled, and the dispatch saves a journal round trip.
      TrustActivated trusted = new TrustActivated(next(state, "trust.activated", 4, LineageData.trust(activated)));
      ExecutionState.TrustActive active = (ExecutionState.TrustActive) ExecutionEvents.apply(state, trusted);
      ExecutionStarted started = started(active);
      return persistAll(state, List.of(trusted, started))
          .thenRun(s -> dispatch(active, started.deadlineEpochMilli()))
          .thenNoReply();
    }
    TrustVerdict.Refused refused = (TrustVerdict.Refused) command.verdict();
    return deny(state, 4, refused.reason(), refused.detail(), -1, null);
  }

  /** Recovery of an execution journaled up to trust.activated alone. */
  private ReplyEffect<Event, ExecutionState> onStartDispatch(ExecutionState.TrustActive state, StartDispatch command) {
    ExecutionStarted started = started(state);
    return persist(state, started)
        .thenRun(s -> dispatch(state, started.deadlineEpochMilli()))
        .thenNoReply();
  }

  private ExecutionStarted started(ExecutionState.TrustActive state) {
    ExecutionIntent intent = state.core().intent();
    long byDuration = now().toEpochMilli() + 1000L * Math.min(
        intent.maxDurationSeconds(), state.permit().maxDurationSeconds(intent.maxDurationSeconds()));
    long deadline = Math.min(byDuration, state.artifact().expiresAtEpochSecond() * 1000L);
    return new ExecutionStarted(next(state, "execution.started", 5, LineageData.started(intent, deadline)), deadline);
  }

  private void dispatch(ExecutionState.TrustActive state, long deadline) {
    armDeadline(deadline);
    context.pipeToSelf(
        services.dispatch().execute(state.core().intent(), state.artifact().jws()),
        (outcome, error) -> new Dispatched(error == null ? outcome
            : new DispatchOutcome.Failed("dispatch.error", String.valueOf(error.getMessage()), 0)));
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
