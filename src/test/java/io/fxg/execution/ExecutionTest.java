package io.fxg.execution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutionTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config()
          .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\npekko.persistence.journal.plugin = \"" + PersistenceTestKitPlugin.PluginId() + "\""))
          .withFallback(ConfigFactory.load()));
  final TestSeams seams = new TestSeams();
  final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    journal.clearAll();
  }

  private EventSourcedBehaviorTestKit<Execution.Command, Execution.Event, ExecutionState> kit(String id) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), Execution.create(id, seams.services(Clock.systemUTC()), null));
  }

  private static List<String> types(ExecutionState state) {
    return ExecutionState.coreOf(state).records().stream().map(LineageRecord::type).collect(Collectors.toList());
  }

  private ExecutionState awaitStatus(EventSourcedBehaviorTestKit<Execution.Command, Execution.Event, ExecutionState> kit, String status) {
    await().atMost(Duration.ofSeconds(5)).until(() -> status.equals(ExecutionView.of(kit.getState(), null).status()));
    return kit.getState();
  }

  @Test
  void submit_permittedSynchronous_stepsThroughPhasesToCompleted() {
    var kit = kit("e1");
    var result = kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e1"), r));
    assertEquals("pending", result.reply().view().status());
    assertEquals(1, result.reply().view().phase());
    ExecutionState state = awaitStatus(kit, "completed");
    assertEquals(List.of("intent.received", "governance.synchronized", "authorization.issued", "trust.activated",
        "execution.started", "execution.completed"), types(state));
    assertTrue(LineageChain.verify("e1", ExecutionState.coreOf(state).records()).isEmpty());
    assertEquals(LineageChain.GENESIS, ExecutionState.coreOf(state).records().get(0).prev());
  }

  @Test
  void submit_decidedAtOnce_journalsPhasesOneToFiveInOneWrite() {
    List<Integer> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    journal.withPolicy(new org.apache.pekko.persistence.testkit.ProcessingPolicy<>() {
      @Override
      public org.apache.pekko.persistence.testkit.ProcessingResult tryProcess(
          String persistenceId, org.apache.pekko.persistence.testkit.JournalOperation op) {
        if (persistenceId.endsWith("e1w") && op instanceof org.apache.pekko.persistence.testkit.WriteEvents write) {
          writes.add(write.batch().size());
        }
        return org.apache.pekko.persistence.testkit.ProcessingSuccess.getInstance();
      }
    });
    try {
      var kit = kit("e1w");
      kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e1w"), r));
      awaitStatus(kit, "completed");
      // intent, decision, artifact, trust and start in one write; the completion in a second
      assertEquals(List.of(5, 1), writes);
    } finally {
      journal.resetPolicy();
    }
  }

  @Test
  void submit_theSupervisorKnowsTheLiveExecutionBeforeItsArtifactIsJournaled() {
    // so that a revocation accepted while the write is in flight reaches it
    java.util.Set<String> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Boolean> liveAtWrite = new java.util.concurrent.CopyOnWriteArrayList<>();
    journal.withPolicy(new org.apache.pekko.persistence.testkit.ProcessingPolicy<>() {
      @Override
      public org.apache.pekko.persistence.testkit.ProcessingResult tryProcess(
          String persistenceId, org.apache.pekko.persistence.testkit.JournalOperation op) {
        if (persistenceId.endsWith("e1l") && op instanceof org.apache.pekko.persistence.testkit.WriteEvents) {
          liveAtWrite.add(live.contains("e1l"));
        }
        return org.apache.pekko.persistence.testkit.ProcessingSuccess.getInstance();
      }
    });
    try {
      ExecutionServices services = seams.services(Clock.systemUTC()).withObserver(new ExecutionObserver() {
        @Override
        public void live(ExecutionIntent intent, IssuedArtifact artifact) {
          live.add(intent.executionId());
        }

        @Override
        public void ended(String executionId, String status) {}
      });
      var kit = EventSourcedBehaviorTestKit.<Execution.Command, Execution.Event, ExecutionState>create(
          testKit.system(), Execution.create("e1l", services, null));
      kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e1l"), r));
      awaitStatus(kit, "completed");
      assertEquals(List.of(true, true), liveAtWrite);
    } finally {
      journal.resetPolicy();
    }
  }

  @Test
  void submit_firstWriteFails_theSupervisorAndTheLiveGaugeDropTheExecution() {
    TestProbe<io.fxg.monitor.ExecutionSupervisor.Command> supervisor = testKit.createTestProbe();
    io.fxg.cluster.NodeMetrics metrics = new io.fxg.cluster.NodeMetrics();
    ExecutionServices services = seams.services(Clock.systemUTC())
        .withObserver(io.fxg.monitor.ExecutionSupervisor.observer(supervisor.getRef()).andThen(metrics));
    journal.failNextPersisted("Execution|e1f");
    var execution = testKit.spawn(Execution.create("e1f", services, null));
    execution.tell(new Execution.Submit(TestSeams.intent("e1f"), testKit.<Execution.ViewReply>createTestProbe().getRef()));
    // Told before the write (so a revocation during the write reaches it), dropped once the write failed.
    var track = supervisor.expectMessageClass(io.fxg.monitor.ExecutionSupervisor.Track.class);
    assertEquals("e1f", track.live().intent().executionId());
    assertEquals(new io.fxg.monitor.ExecutionSupervisor.Untrack("e1f", "stopped"),
        supervisor.expectMessageClass(io.fxg.monitor.ExecutionSupervisor.Untrack.class));
    assertEquals(0, metrics.liveCount());
    assertTrue(metrics.scrape().contains("fxg_executions_live 0.0"), metrics.scrape());
    assertTrue(journal.persistedInStorage("Execution|e1f").isEmpty());
  }

  @Test
  void submit_completes_theLiveGaugeCountsItWhileLiveOnly() {
    seams.pendingDispatch = new CompletableFuture<>();
    io.fxg.cluster.NodeMetrics metrics = new io.fxg.cluster.NodeMetrics();
    var execution = testKit.spawn(Execution.create("e1g", seams.services(Clock.systemUTC()).withObserver(metrics), null));
    execution.tell(new Execution.Submit(TestSeams.intent("e1g"), testKit.<Execution.ViewReply>createTestProbe().getRef()));
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.liveCount() == 1);
    seams.pendingDispatch.complete(new DispatchOutcome.Completed(Json.object()));
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.liveCount() == 0);
  }

  @Test
  void submit_attestationStillPending_journalsUpToTheArtifactThenWaitsForTrust() {
    seams.pendingTrust = new java.util.concurrent.CompletableFuture<>();
    var kit = kit("e1p");
    var result = kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e1p"), r));
    assertEquals(List.of("intent.received", "governance.synchronized", "authorization.issued"),
        result.events().stream().map(e -> e.record().type()).toList());
    seams.pendingTrust.complete(seams.trust);
    ExecutionState state = awaitStatus(kit, "completed");
    assertEquals(List.of("intent.received", "governance.synchronized", "authorization.issued", "trust.activated",
        "execution.started", "execution.completed"), types(state));
  }

  @Test
  void submit_denied_recordsPhaseAndReasonAndNeverDispatches() {
    seams.verdict = new GovernanceVerdict.Deny("policy.no-matching-rule", "no rule", 3, "sha256:" + "11".repeat(32));
    var kit = kit("e2");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e2"), r));
    ExecutionState state = awaitStatus(kit, "denied");
    assertEquals(List.of("intent.received", "execution.denied"), types(state));
    LineageRecord denied = ExecutionState.coreOf(state).last();
    assertEquals(2, denied.phase());
    assertEquals("policy.no-matching-rule", denied.data().get("reason").asText());
  }

  @Test
  void submit_trustRefused_deniedAtPhase4() {
    seams.trust = new TrustVerdict.Refused("trust.attestation", "measurement image changed");
    var kit = kit("e3");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e3"), r));
    ExecutionState state = awaitStatus(kit, "denied");
    assertEquals(4, ExecutionState.coreOf(state).last().phase());
    assertEquals("revoked", kit.<Execution.ArtifactStatus>runCommand(Execution.GetArtifactStatus::new).reply().status());
  }

  @Test
  void failClosedServices_denyEverything() {
    var kit = EventSourcedBehaviorTestKit.<Execution.Command, Execution.Event, ExecutionState>create(testKit.system(),
        Execution.create("e4", ExecutionServices.failClosed(Clock.systemUTC(), "n"), null));
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e4"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> "denied".equals(ExecutionView.of(kit.getState(), null).status()));
    assertEquals("governance.unavailable", ((ExecutionState.Finished) kit.getState()).outcome().reason());
  }

  @Test
  void asyncReports_progressThenComplete_andSeqMustIncrease() {
    seams.dispatchOutcome = new DispatchOutcome.Accepted();
    var kit = kit("e5");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e5"), r));
    awaitStatus(kit, "running");
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    var scope = List.of(new Report.Action("invoice.create", "invoices/2026-11"));
    var ok = kit.<Execution.Ack>runCommand(r -> new Execution.ReceiveReport(new Report(1, "running", scope, null, null, "acme/billing-prod"), r));
    assertEquals(200, ok.reply().httpStatus());
    var replay = kit.<Execution.Ack>runCommand(r -> new Execution.ReceiveReport(new Report(1, "running", scope, null, null, "acme/billing-prod"), r));
    assertEquals(409, replay.reply().httpStatus());
    kit.<Execution.Ack>runCommand(r -> new Execution.ReceiveReport(new Report(2, "completed", scope, Json.object().put("n", 1), null, "acme/billing-prod"), r));
    ExecutionState state = awaitStatus(kit, "completed");
    assertEquals("execution.progress", ExecutionState.coreOf(state).records().get(5).type());
    var late = kit.<Execution.Ack>runCommand(r -> new Execution.ReceiveReport(new Report(3, "running", scope, null, null, "acme/billing-prod"), r));
    assertEquals(409, late.reply().httpStatus());
  }

  @Test
  void report_verifiedWithKeyNotTheTargets_isRefused403AndInterruptsCryptoInvalid() {
    seams.dispatchOutcome = new DispatchOutcome.Accepted();
    var kit = kit("e5w");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e5w"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    var scope = List.of(new Report.Action("invoice.create", "invoices/2026-11"));
    var wrongSigner = kit.<Execution.Ack>runCommand(r -> new Execution.ReceiveReport(
        new Report(1, "running", scope, null, null, "acme/other-env"), r));
    assertEquals(403, wrongSigner.reply().httpStatus());
    ExecutionState state = awaitStatus(kit, "interrupted");
    assertEquals("crypto.invalid", ((ExecutionState.Finished) state).outcome().reason());
    assertTrue(((ExecutionState.Finished) state).outcome().detail().contains("acme/other-env"));
    await().atMost(Duration.ofSeconds(5)).until(() -> seams.cancels.contains("e5w:crypto.invalid"));
  }

  @Test
  void reportSignerRefused_revokedKeyThatVerified_interruptsCryptoInvalid() {
    seams.dispatchOutcome = new DispatchOutcome.Accepted();
    var kit = kit("e5r");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e5r"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    kit.runCommand(new Execution.ReportSignerRefused("acme/billing-prod", "signature.revoked-key: revoked at ..."));
    ExecutionState state = awaitStatus(kit, "interrupted");
    assertEquals("crypto.invalid", ((ExecutionState.Finished) state).outcome().reason());
  }

  @Test
  void reportRejected_flood_keepsRunningAndRecordsBoundedWithSuppressedCounts() {
    seams.dispatchOutcome = new DispatchOutcome.Accepted();
    io.fxg.testkit.MutableClock clock = new io.fxg.testkit.MutableClock(java.time.Instant.parse("2026-12-05T08:00:00Z"));
    var kit = EventSourcedBehaviorTestKit.<Execution.Command, Execution.Event, ExecutionState>create(testKit.system(),
        Execution.create("e5f", seams.services(clock), null));
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e5f"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    for (int i = 0; i < 50; i++) {
      kit.runCommand(new Execution.ReportRejected("bad-signature", "acme/billing-prod", "signature sig1 does not verify"));
    }
    assertEquals(1, types(kit.getState()).stream().filter("report.rejected"::equals).count());
    clock.advance(Execution.REPORT_REJECTED_EVERY);
    kit.runCommand(new Execution.ReportRejected("unknown-key", "nobody/x", "no registered key has this keyid"));
    LineageRecord second = ExecutionState.coreOf(kit.getState()).last();
    assertEquals("report.rejected", second.type());
    assertEquals(49, second.data().get("suppressed").asInt());
    assertEquals("unknown-key", second.data().get("check").asText());
    assertEquals("nobody/x", second.data().get("claimedKeyId").asText());
    for (int i = 0; i < 3 * Execution.MAX_REPORT_REJECTED_RECORDS; i++) {
      clock.advance(Execution.REPORT_REJECTED_EVERY);
      kit.runCommand(new Execution.ReportRejected("bad-signature", null, "x"));
    }
    assertEquals(Execution.MAX_REPORT_REJECTED_RECORDS, types(kit.getState()).stream().filter("report.rejected"::equals).count());
    assertEquals("running", ExecutionView.of(kit.getState(), null).status());
    assertTrue(LineageChain.verify("e5f", ExecutionState.coreOf(kit.getState()).records()).isEmpty());
  }

  @Test
  void report_outOfScope_interruptsAndCancelsTarget() {
    seams.dispatchOutcome = new DispatchOutcome.Accepted();
    var kit = kit("e6");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e6"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    kit.<Execution.Ack>runCommand(r -> new Execution.ReceiveReport(new Report(1, "running",
        List.of(new Report.Action("secrets.read", "vault/keys")), null, null, "acme/billing-prod"), r));
    ExecutionState state = awaitStatus(kit, "interrupted");
    assertEquals("scope.violation", ((ExecutionState.Finished) state).outcome().reason());
    assertEquals(7, ExecutionState.coreOf(state).last().phase());
    await().atMost(Duration.ofSeconds(5)).until(() -> seams.cancels.contains("e6:scope.violation"));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("target.cancel"));
    assertEquals("cancelled", ExecutionState.coreOf(kit.getState()).last().data().get("outcome").asText());
    assertEquals("revoked", kit.<Execution.ArtifactStatus>runCommand(Execution.GetArtifactStatus::new).reply().status());
  }

  @Test
  void cancel_byCaller_interrupts_byOther_forbidden() {
    seams.pendingDispatch = new CompletableFuture<>();
    var kit = kit("e7");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e7"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    assertEquals(403, kit.<Execution.Ack>runCommand(r -> new Execution.Cancel("partner-b/x", r)).reply().httpStatus());
    assertEquals(200, kit.<Execution.Ack>runCommand(r -> new Execution.Cancel("partner-a/agent-7", r)).reply().httpStatus());
    ExecutionState state = awaitStatus(kit, "interrupted");
    assertEquals("cancelled", ((ExecutionState.Finished) state).outcome().reason());
    await().atMost(Duration.ofSeconds(5)).until(() -> seams.cancels.contains("e7:cancelled"));
  }

  @Test
  void deadline_passes_interrupts() {
    seams.verdict = TestSeams.permit(1);
    seams.pendingDispatch = new CompletableFuture<>();
    var kit = kit("e8");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e8"), r));
    ExecutionState state = awaitStatus(kit, "interrupted");
    assertEquals("deadline.exceeded", ((ExecutionState.Finished) state).outcome().reason());
  }

  @Test
  void proofCovered_afterTerminal_persistsPhase8() {
    var kit = kit("e9");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e9"), r));
    awaitStatus(kit, "completed");
    kit.runCommand(new Execution.ProofCovered(41, 42, "sha256:" + "22".repeat(32)));
    await().atMost(Duration.ofSeconds(5)).until(() -> ExecutionView.of(kit.getState(), null).phase() == 8);
    assertEquals(41L, ExecutionView.of(kit.getState(), null).logIndex());
  }

  @Test
  void recovery_finishedButUnproven_asksTheLogAndPersistsPhase8() {
    var kit = kit("e14");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e14"), r));
    awaitStatus(kit, "completed");
    // The log's notice was lost (its node died); the recovered entity asks the log itself.
    var recovered = testKit.spawn(Execution.create("e14", seams.services(Clock.systemUTC()).withProofs((id, seq) ->
        CompletableFuture.completedFuture(java.util.Optional.of(new Execution.ProofCovered(seq == 6 ? 99 : -1, 120,
            "sha256:" + "33".repeat(32))))), null));
    TestProbe<Execution.ViewReply> probe = testKit.createTestProbe();
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      recovered.tell(new Execution.GetView(probe.getRef()));
      return probe.receiveMessage(Duration.ofSeconds(2)).view().phase() == 8;
    });
    recovered.tell(new Execution.GetView(probe.getRef()));
    assertEquals(99L, probe.receiveMessage(Duration.ofSeconds(2)).view().logIndex());
  }

  /** A lookup covering the terminal record from the {@code coveredFrom}-th call on, checked every 50 ms. */
  static final class CountingLookup implements ProofLookup {
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    final int coveredFrom;
    final int maxChecks;

    CountingLookup(int coveredFrom, int maxChecks) {
      this.coveredFrom = coveredFrom;
      this.maxChecks = maxChecks;
    }

    @Override
    public java.util.concurrent.CompletionStage<java.util.Optional<Execution.ProofCovered>> covered(String id, long seq) {
      boolean covered = calls.incrementAndGet() >= coveredFrom;
      return CompletableFuture.completedFuture(covered
          ? java.util.Optional.of(new Execution.ProofCovered(77, 80, "sha256:" + "44".repeat(32)))
          : java.util.Optional.empty());
    }

    @Override
    public java.util.Optional<Duration> recheckAfter(int attempt) {
      return attempt < maxChecks ? java.util.Optional.of(Duration.ofMillis(50)) : java.util.Optional.empty();
    }
  }

  @Test
  void proofNoticeLost_liveExecution_asksTheLogWithBackoff_andPersistsPhase8() {
    CountingLookup lookup = new CountingLookup(3, 10);
    var kit = EventSourcedBehaviorTestKit.<Execution.Command, Execution.Event, ExecutionState>create(testKit.system(),
        Execution.create("e21", seams.services(Clock.systemUTC()).withProofs(lookup), null));
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e21"), r));
    awaitStatus(kit, "completed");
    // No ProofCovered is ever sent: the log's notice was lost on a live node.
    await().atMost(Duration.ofSeconds(5)).until(() -> ExecutionView.of(kit.getState(), null).phase() == 8);
    assertEquals(77L, ExecutionView.of(kit.getState(), null).logIndex());
    assertEquals(3, lookup.calls.get());
    assertEquals(1, types(kit.getState()).stream().filter("proof.persisted"::equals).count());
  }

  @Test
  void proofNeverCovered_checksStopAfterTheBackoffRunsOut() {
    CountingLookup lookup = new CountingLookup(Integer.MAX_VALUE, 3);
    var kit = EventSourcedBehaviorTestKit.<Execution.Command, Execution.Event, ExecutionState>create(testKit.system(),
        Execution.create("e22", seams.services(Clock.systemUTC()).withProofs(lookup), null));
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e22"), r));
    awaitStatus(kit, "completed");
    await().atMost(Duration.ofSeconds(5)).until(() -> lookup.calls.get() == 3);
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> lookup.calls.get() == 3);
    assertEquals(6, ExecutionView.of(kit.getState(), null).phase());
  }

  @Test
  void restart_replaysToIdenticalStateAndChain() {
    var kit = kit("e10");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e10"), r));
    ExecutionState before = awaitStatus(kit, "completed");
    kit.restart();
    assertEquals(before, kit.getState());
  }

  @Test
  void recovery_whileRunning_reattestsBeforeContinuing() {
    seams.pendingDispatch = new CompletableFuture<>();
    var kit = kit("e12");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e12"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    kit.restart();
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("runtime.verified"));
    assertEquals("running", ExecutionView.of(kit.getState(), null).status());
  }

  @Test
  void recovery_whileRunning_withTrustGone_interrupts() {
    seams.pendingDispatch = new CompletableFuture<>();
    var kit = kit("e13");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e13"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    seams.trust = new TrustVerdict.Refused("trust.attestation", "measurement image changed");
    kit.restart();
    ExecutionState state = awaitStatus(kit, "interrupted");
    assertEquals("trust.attestation", ((ExecutionState.Finished) state).outcome().reason());
  }

  @Test
  void recovery_onNodeWithClockTenMinutesBehind_issuesArtifactWhoseWindowContainsTheDecision() {
    java.time.Instant decided = java.time.Instant.parse("2026-12-05T08:00:00.999Z");
    ExecutionIntent intent = TestSeams.intent("e14");
    GovernanceVerdict.Permit permit = TestSeams.permit(60);
    LineageRecord received = LineageChain.next(null, "e14", "intent.received", 1, decided.minusMillis(5), "127.0.0.1:25521",
        LineageData.intent(intent, null));
    LineageRecord governed = LineageChain.next(received, "e14", "governance.synchronized", 2, decided, "127.0.0.1:25521",
        LineageData.governance(permit));
    journal.persistForRecovery("Execution|e14", List.of(new Execution.IntentReceived(received, intent),
        new Execution.GovernanceSynchronized(governed, permit)));
    Clock behind = Clock.fixed(decided.minus(Duration.ofMinutes(10)).plusSeconds(1), java.time.ZoneOffset.UTC);
    var recovered = testKit.spawn(Execution.create("e14", seams.services(behind), null));
    TestProbe<Execution.LineageReply> probe = testKit.createTestProbe();
    LineageRecord issued = await().atMost(Duration.ofSeconds(5)).until(() -> {
      recovered.tell(new Execution.GetLineage(probe.getRef()));
      return probe.receiveMessage(Duration.ofSeconds(2)).records().stream()
          .filter(r -> r.type().equals("authorization.issued")).findFirst().orElse(null);
    }, java.util.Objects::nonNull);
    long iat = issued.data().get("iat").asLong();
    long exp = issued.data().get("exp").asLong();
    assertTrue(iat <= decided.getEpochSecond() && decided.getEpochSecond() < exp,
        "window " + iat + ".." + exp + " must contain the decision " + decided.getEpochSecond());
  }

  @Test
  void recovery_withTamperedRecord_interruptsWithCryptoInvalid() {
    seams.pendingDispatch = new CompletableFuture<>();
    var kit = kit("e11");
    kit.<Execution.ViewReply>runCommand(r -> new Execution.Submit(TestSeams.intent("e11"), r));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(kit.getState()).contains("execution.started"));
    List<Object> events = journal.persistedInStorage("Execution|e11");
    Execution.GovernanceSynchronized original = (Execution.GovernanceSynchronized) events.get(1);
    LineageRecord r = original.record();
    var tamperedData = r.data().deepCopy().put("risk", 0);
    var tampered = new Execution.GovernanceSynchronized(
        new LineageRecord(r.executionId(), r.seq(), r.type(), r.phase(), r.at(), r.node(), tamperedData, r.prev(), r.hash()),
        original.permit());
    journal.clearByPersistenceId("Execution|e11");
    List<Object> rewritten = new java.util.ArrayList<>(events);
    rewritten.set(1, tampered);
    journal.persistForRecovery("Execution|e11", rewritten);
    var second = testKit.spawn(Execution.create("e11", seams.services(Clock.systemUTC()), null));
    TestProbe<Execution.ViewReply> probe = testKit.createTestProbe();
    second.tell(new Execution.AwaitTerminal(probe.getRef()));
    ExecutionView view = probe.expectMessageClass(Execution.ViewReply.class, Duration.ofSeconds(5)).view();
    assertEquals("interrupted", view.status());
    assertEquals("crypto.invalid", view.outcome().reason());
    assertTrue(view.outcome().detail().contains("seq 2"), view.outcome().detail());
  }
}
