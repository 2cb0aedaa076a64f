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
public final class Execution
    extends EventSourcedBehaviorWithEnforcedReplies<Execution.Command, Execution.Event, ExecutionState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Execution");
  /** Every lineage record of every chain carries this tag; the log and read models follow it. */
  public static final String LINEAGE_TAG = io.fxg.lineage.Lineaged.TAG;
  /** Reports beyond this many on one execution are refused: a long execution's lineage stays readable. */
  public static final int MAX_REPORTS = 10_000;

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

  private record GovernanceDecided(GovernanceVerdict verdict) implements Command {}

  private enum IssueArtifact implements Command { INSTANCE }

  private record TrustDecided(TrustVerdict verdict) implements Command {}

  private enum StartDispatch implements Command { INSTANCE }

  private record Dispatched(DispatchOutcome outcome) implements Command {}

  private enum DeadlinePassed implements Command { INSTANCE }

  private record TamperDetected(String detail) implements Command {}

  private record CancelDelivered(String outcome) implements Command {}

  /** Trust re-checked for a running execution recovered on this node (failover, restart). */
  private record Reattested(TrustVerdict verdict) implements Command {}

  private enum PassivateNow implements Command { INSTANCE }

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

  private final String executionId;
  private final ExecutionServices services;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final List<ActorRef<ViewReply>> waiters = new ArrayList<>();

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
    super(PersistenceId.of(TYPE_KEY.name(), executionId));
    this.executionId = executionId;
    this.services = services;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
  }

  @Override
  public ExecutionState emptyState() {
    return new ExecutionState.Empty();
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
        .onCommand(DeadlinePassed.class, (s, c) -> interrupt(s, "deadline.exceeded",
            "the deadline " + Instant.ofEpochMilli(s.deadlineEpochMilli()) + " passed", "deadline", null));
    builder.forStateType(ExecutionState.Finished.class)
        .onCommand(ProofCovered.class, this::onProofCovered)
        .onCommand(TamperDetected.class, (s, c) -> interrupt(s, "crypto.invalid", c.detail(), "recovery", null))
        .onCommand(PassivateNow.class, (s, c) -> passivate())
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
    ExecutionIntent journaled = intent;
    return persist(state, new IntentReceived(record, journaled))
        .thenRun(s -> decideGovernance(journaled))
        .thenReply(command.replyTo(), s -> new ViewReply(view(s)));
  }

  private void decideGovernance(ExecutionIntent intent) {
    context.pipeToSelf(
        services.governance().decide(intent),
        (verdict, error) -> new GovernanceDecided(error == null ? verdict
            : new GovernanceVerdict.Deny("governance.error", String.valueOf(error.getMessage()), -1, null)));
  }

  private ReplyEffect<Event, ExecutionState> onGovernanceDecided(ExecutionState.Pending state, GovernanceDecided command) {
    if (command.verdict() instanceof GovernanceVerdict.Permit permit) {
      LineageRecord record = next(state, "governance.synchronized", 2, LineageData.governance(permit));
      return persist(state, new GovernanceSynchronized(record, permit))
          .thenRun(s -> context.getSelf().tell(IssueArtifact.INSTANCE))
          .thenNoReply();
    }
    GovernanceVerdict.Deny deny = (GovernanceVerdict.Deny) command.verdict();
    return deny(state, 2, deny.reason(), deny.detail(), deny.policyVersion(), deny.policyDigest());
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
    LineageRecord record = next(state, "authorization.issued", 3,
        LineageData.authorization(intent, state.permit(), artifact));
    return persist(state, new AuthorizationIssued(record, artifact))
        .thenRun(s -> {
          services.observer().live(intent, artifact);
          activateTrust((ExecutionState.Authorized) s);
        })
        .thenNoReply();
  }

  private void activateTrust(ExecutionState.Authorized state) {
    context.pipeToSelf(
        services.trust().activate(state.core().intent(), state.artifact(), state.permit()),
        (verdict, error) -> new TrustDecided(error == null ? verdict
            : new TrustVerdict.Refused("trust.attestation", "attestation failed: " + error.getMessage())));
  }

  private ReplyEffect<Event, ExecutionState> onTrustDecided(ExecutionState.Authorized state, TrustDecided command) {
    if (command.verdict() instanceof TrustVerdict.Activated activated) {
      LineageRecord record = next(state, "trust.activated", 4, LineageData.trust(activated));
      return persist(state, new TrustActivated(record))
          .thenRun(s -> context.getSelf().tell(StartDispatch.INSTANCE))
          .thenNoReply();
    }
    TrustVerdict.Refused refused = (TrustVerdict.Refused) command.verdict();
    return deny(state, 4, refused.reason(), refused.detail(), -1, null);
  }

  private ReplyEffect<Event, ExecutionState> onStartDispatch(ExecutionState.TrustActive state, StartDispatch command) {
    ExecutionIntent intent = state.core().intent();
    Instant now = now();
    long byDuration = now.toEpochMilli() + 1000L * Math.min(
        intent.maxDurationSeconds(), state.permit().maxDurationSeconds(intent.maxDurationSeconds()));
    long deadline = Math.min(byDuration, state.artifact().expiresAtEpochSecond() * 1000L);
    LineageRecord record = next(state, "execution.started", 5, LineageData.started(intent, deadline));
    return persist(state, new ExecutionStarted(record, deadline))
        .thenRun(s -> {
          armDeadline(deadline);
          context.pipeToSelf(
              services.dispatch().execute(intent, state.artifact().jws()),
              (outcome, error) -> new Dispatched(error == null ? outcome
                  : new DispatchOutcome.Failed("dispatch.error", String.valueOf(error.getMessage()), 0)));
        })
        .thenNoReply();
  }

  private ReplyEffect<Event, ExecutionState> onDispatched(ExecutionState.Running state, Dispatched command) {
    DispatchOutcome outcome = command.outcome();
    if (outcome instanceof DispatchOutcome.Completed done) {
      LineageRecord record = next(state, "execution.completed", 6, LineageData.completed(done.result(), "dispatch"));
      return persist(state, new Completed(record, done.result())).thenRun(this::onTerminal).thenNoReply();
    }
    if (outcome instanceof DispatchOutcome.Failed failed) {
      LineageRecord record = next(state, "execution.failed", 6,
          LineageData.failed(failed.reason(), failed.detail(), failed.upstreamStatus()));
      return persist(state, new Failed(record, failed.reason(), failed.detail()))
          .thenRun(this::onTerminal).thenNoReply();
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, ExecutionState> onReport(ExecutionState.Running state, ReceiveReport command) {
    Report report = command.report();
    ExecutionIntent intent = state.core().intent();
    if (!intent.target().id().equals(report.signerKeyId())) {
      return Effect().reply(command.replyTo(), new Ack(403, "reports must be signed by " + intent.target().id(), "running"));
    }
    if (report.seq() <= state.lastReportSeq()) {
      return Effect().reply(command.replyTo(), new Ack(409,
          "seq must increase: " + report.seq() + " after " + state.lastReportSeq(), "running"));
    }
    if (state.core().records().size() >= MAX_REPORTS) {
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

  /**
   * A running execution recovered here (its node was lost, or its shard moved) continues only once
   * its target attests again; otherwise it is interrupted.
   */
  private ReplyEffect<Event, ExecutionState> onReattested(ExecutionState.Running state, Reattested command) {
    if (command.verdict() instanceof TrustVerdict.Activated activated) {
      ObjectNode data = LineageData.trust(activated).put("check", "recovery");
      return persist(state, new Progressed(next(state, "runtime.verified", 6, data), 0, null)).thenNoReply();
    }
    TrustVerdict.Refused refused = (TrustVerdict.Refused) command.verdict();
    return interrupt(state, refused.reason(), "recovered on " + services.node() + ": " + refused.detail(), "recovery", null);
  }

  private ReplyEffect<Event, ExecutionState> onCancel(ExecutionState state, Cancel command) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    if (core == null) {
      return Effect().reply(command.replyTo(), new Ack(404, "no execution " + executionId, null));
    }
    if (!core.intent().caller().keyId().equals(command.requestedBy()) && !command.requestedBy().startsWith("admin/")) {
      return Effect().reply(command.replyTo(), new Ack(403, "only the caller may cancel", statusOf(state)));
    }
    return interruptThenReply(state, "cancelled", "cancelled by " + command.requestedBy(), "caller", null, command.replyTo());
  }

  private ReplyEffect<Event, ExecutionState> onAwaitTerminal(ExecutionState state, AwaitTerminal command) {
    if (state instanceof ExecutionState.Finished || state instanceof ExecutionState.Empty) {
      return Effect().reply(command.replyTo(), new ViewReply(view(state)));
    }
    waiters.add(command.replyTo());
    return Effect().noReply();
  }

  private ReplyEffect<Event, ExecutionState> onLinkChild(ExecutionState state, LinkChild command) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    if (core == null || core.children().contains(command.childId())) {
      return Effect().noReply();
    }
    int phase = state instanceof ExecutionState.Running r ? r.phase() : phaseOf(state);
    LineageRecord record = next(state, "execution.progress", phase, LineageData.child(command.childId()));
    return persist(state, new Progressed(record, 0, command.childId())).thenNoReply();
  }

  private ReplyEffect<Event, ExecutionState> onProofCovered(ExecutionState.Finished state, ProofCovered command) {
    if (state.proven()) {
      return Effect().noReply();
    }
    LineageRecord record = next(state, "proof.persisted", 8,
        LineageData.proof(command.logIndex(), command.treeSize(), command.checkpointDigest()));
    return persist(state, new ProofPersisted(record, command.logIndex()))
        .thenRun(s -> schedulePassivation())
        .thenNoReply();
  }

  private ReplyEffect<Event, ExecutionState> interrupt(
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

  private ReplyEffect<Event, ExecutionState> interruptThenReply(
      ExecutionState state, String reason, String detail, String monitor, String evidence, ActorRef<Ack> replyTo) {
    boolean dispatched = state instanceof ExecutionState.Running;
    LineageRecord record = next(state, "execution.interrupted", 7,
        LineageData.interrupted(reason, detail, monitor, evidence));
    return persist(state, new Interrupted(record, reason, detail))
        .thenRun(s -> afterInterrupt(s, dispatched, reason))
        .thenReply(replyTo, s -> new Ack(200, "interrupted: " + reason, statusOf(s)));
  }

  private void afterInterrupt(ExecutionState state, boolean dispatched, String reason) {
    if (dispatched) {
      context.pipeToSelf(services.dispatch().cancel(ExecutionState.coreOf(state).intent(), reason),
          (outcome, error) -> new CancelDelivered(error == null ? outcome : "cancel failed: " + error.getMessage()));
    }
    onTerminal(state);
  }

  private ReplyEffect<Event, ExecutionState> onCancelDelivered(ExecutionState state, CancelDelivered delivered) {
    context.getLog().info("execution {}: cancel sent to target: {}", executionId, delivered.outcome());
    if (ExecutionState.coreOf(state) == null) {
      return Effect().noReply();
    }
    LineageRecord record = next(state, "target.cancel", 7, LineageData.cancel(delivered.outcome()));
    return persist(state, new CancelRecorded(record)).thenNoReply();
  }

  private ReplyEffect<Event, ExecutionState> deny(
      ExecutionState state, int phase, String reason, String detail, long policyVersion, String policyDigest) {
    LineageRecord record = next(state, "execution.denied", phase,
        LineageData.denied(phase, reason, detail, policyVersion, policyDigest));
    return persist(state, new Denied(record, phase, reason, detail)).thenRun(this::onTerminal).thenNoReply();
  }

  private void onTerminal(ExecutionState state) {
    timers.cancel(DeadlinePassed.INSTANCE);
    ExecutionView ended = view(state);
    services.observer().ended(executionId, ended == null ? "unknown" : ended.status());
    ViewReply reply = new ViewReply(ended);
    waiters.forEach(w -> w.tell(reply));
    waiters.clear();
    schedulePassivation();
  }

  private void schedulePassivation() {
    if (shard != null) {
      timers.startSingleTimer(PassivateNow.INSTANCE, PassivateNow.INSTANCE, Duration.ofSeconds(30));
    }
  }

  private ReplyEffect<Event, ExecutionState> passivate() {
    if (shard != null && waiters.isEmpty()) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().noReply();
  }

  private void armDeadline(long deadlineEpochMilli) {
    long delay = Math.max(0, deadlineEpochMilli - now().toEpochMilli());
    timers.startSingleTimer(DeadlinePassed.INSTANCE, DeadlinePassed.INSTANCE, Duration.ofMillis(delay));
  }

  // ---- events ----

  @Override
  public EventHandler<ExecutionState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ExecutionEvents::apply);
  }

  // ---- recovery ----

  @Override
  public SignalHandler<ExecutionState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
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
      services.observer().live(core.intent(), s.artifact());
      activateTrust(s);
    } else if (state instanceof ExecutionState.TrustActive s) {
      services.observer().live(core.intent(), s.artifact());
      context.getSelf().tell(StartDispatch.INSTANCE);
    } else if (state instanceof ExecutionState.Running s) {
      services.observer().live(core.intent(), s.artifact());
      armDeadline(s.deadlineEpochMilli());
      context.pipeToSelf(services.trust().activate(core.intent(), s.artifact(), s.permit()),
          (verdict, error) -> new Reattested(error == null ? verdict
              : new TrustVerdict.Refused("trust.attestation", "re-attestation failed: " + error.getMessage())));
    } else {
      schedulePassivation();
    }
  }

  // ---- helpers ----

  /** Persists one lineage event and tells the observer once it is journaled. */
  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, ExecutionState> persist(ExecutionState before, Event event) {
    ExecutionState.Core core = ExecutionState.coreOf(before);
    LineageRecord previous = core == null ? null : core.last();
    return Effect().persist(event).thenRun(after -> services.observer().recorded(event.record(), previous));
  }

  private Instant now() {
    return services.clock().instant();
  }

  private LineageRecord next(ExecutionState state, String type, int phase, ObjectNode data) {
    return LineageChain.next(ExecutionState.coreOf(state).last(), executionId, type, phase, now(), services.node(), data);
  }

  private static List<LineageRecord> records(ExecutionState state) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    return core == null ? List.of() : core.records();
  }

  private static ExecutionView view(ExecutionState state) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    return core == null ? null : ExecutionView.of(state, parentJti(core.intent()));
  }

  private static String statusOf(ExecutionState state) {
    ExecutionView view = view(state);
    return view == null ? null : view.status();
  }

  private static int phaseOf(ExecutionState state) {
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
