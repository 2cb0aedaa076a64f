package io.fxg.execution;

import io.fxg.execution.Execution.AuthorizationIssued;
import io.fxg.execution.Execution.Command;
import io.fxg.execution.Execution.Dispatched;
import io.fxg.execution.Execution.Event;
import io.fxg.execution.Execution.ExecutionStarted;
import io.fxg.execution.Execution.GovernanceDecided;
import io.fxg.execution.Execution.GovernanceSynchronized;
import io.fxg.execution.Execution.IntentReceived;
import io.fxg.execution.Execution.IssueArtifact;
import io.fxg.execution.Execution.StartDispatch;
import io.fxg.execution.Execution.Submit;
import io.fxg.execution.Execution.TrustActivated;
import io.fxg.execution.Execution.TrustDecided;
import io.fxg.execution.Execution.ViewReply;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The admission half of {@link Execution}: phases 1 to 5, from the submitted intent through
 * governance, the artifact and trust activation to the start and the dispatch. Steps decided at
 * once are journaled in one atomic write; nothing is dispatched before governance, the artifact
 * and trust are journaled. Split out only to keep each file readable; it has no life of its own.
 */
abstract class ExecutionAdmission extends ExecutionPeering {

  ExecutionAdmission(
      String executionId,
      ExecutionServices services,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(executionId, services, context, timers, shard);
  }

  ReplyEffect<Event, ExecutionState> onSubmit(ExecutionState.Empty state, Submit command) {
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

  void decideGovernance(ExecutionIntent intent) {
    pipeDecision(services.governance().decide(intent));
  }

  private void pipeDecision(CompletionStage<GovernanceVerdict> decision) {
    context.pipeToSelf(
        decision,
        (verdict, error) -> new GovernanceDecided(error == null ? verdict
            : new GovernanceVerdict.Deny("governance.error", String.valueOf(error.getMessage()), -1, null)));
  }

  ReplyEffect<Event, ExecutionState> onGovernanceDecided(ExecutionState.Pending state, GovernanceDecided command) {
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
        ? issuedAtOnce(intent, ((ExecutionState.Governed) governed).permit(), decidedAt(governed)) : null;
    if (artifact == null) {
      return persistAll(before, decided).thenRun(s -> context.getSelf().tell(IssueArtifact.INSTANCE));
    }
    return persistAuthorized(before, decided, (ExecutionState.Governed) governed, artifact);
  }

  /** The artifact when issuing succeeds; null leaves issuing, and its refusal, to {@link IssueArtifact}. */
  private IssuedArtifact issuedAtOnce(ExecutionIntent intent, GovernanceVerdict.Permit permit, Instant decidedAt) {
    try {
      return services.authorization().issue(intent, permit, decidedAt);
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

  /**
   * The instant governance permitted (its {@code governance.synchronized} record). Artifacts are
   * issued at it ({@code iat = nbf =} its second), so their window always contains the decision,
   * whichever node's clock issues them: a node recovering the execution with a clock behind the
   * deciding node's cannot issue a window that starts after the decision, and one ahead issues a
   * window that may already have closed (the deadline then interrupts: fail closed).
   */
  static Instant decidedAt(ExecutionState state) {
    List<LineageRecord> records = ExecutionState.coreOf(state).records();
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i).type().equals("governance.synchronized")) {
        return Instant.parse(records.get(i).at());
      }
    }
    throw new IllegalStateException("execution has no governance decision to issue an artifact for");
  }

  /** The value of a stage that has already completed normally, else null. */
  private static <T> T completedValue(CompletionStage<T> stage) {
    java.util.concurrent.CompletableFuture<T> future = stage.toCompletableFuture();
    return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
  }

  ReplyEffect<Event, ExecutionState> onIssueArtifact(ExecutionState.Governed state, IssueArtifact command) {
    ExecutionIntent intent = state.core().intent();
    IssuedArtifact artifact;
    try {
      artifact = services.authorization().issue(intent, state.permit(), decidedAt(state));
    } catch (Authorization.AuthorizationRefused refused) {
      return deny(state, 3, refused.reason(), refused.getMessage(), -1, null);
    } catch (RuntimeException e) {
      context.getLog().error("artifact issuing failed for {}", executionId, e);
      return deny(state, 3, "authorization.error", "the artifact could not be issued", -1, null);
    }
    return persistAuthorized(state, List.of(), state, artifact).thenNoReply();
  }

  void activateTrust(ExecutionState.Authorized state) {
    context.pipeToSelf(services.trust().activate(state.core().intent(), state.artifact(), state.permit()),
        (verdict, error) -> new TrustDecided(error == null ? verdict
            : new TrustVerdict.Refused("trust.attestation", "attestation failed: " + error.getMessage())));
  }

  ReplyEffect<Event, ExecutionState> onTrustDecided(ExecutionState.Authorized state, TrustDecided command) {
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
  ReplyEffect<Event, ExecutionState> onStartDispatch(ExecutionState.TrustActive state, StartDispatch command) {
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
    if (state.core().intent().forwardedFrom() != null) {
      startPeerChecks();
    }
    context.pipeToSelf(
        services.dispatch().execute(state.core().intent(), state.artifact().jws()),
        (outcome, error) -> new Dispatched(error == null ? outcome
            : new DispatchOutcome.Failed("dispatch.error", String.valueOf(error.getMessage()), 0)));
  }
}
