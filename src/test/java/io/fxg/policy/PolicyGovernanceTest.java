package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.execution.Authorization.AuthorizationRefused;
import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TargetRef;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Phase 2 on one node: synchronised decisions, waiting, fail-closed denials, risk, depth. */
class PolicyGovernanceTest {
  static final CompiledPolicy V3 = TestBundles.compile(TestBundles.BASE);
  static final CompiledPolicy V4 =
      TestBundles.compile(TestBundles.base().put("version", 4).toString());
  static final Clock CLOCK = Clock.fixed(TestBundles.NOW, ZoneOffset.UTC);

  final LocalPolicy local = new LocalPolicy();
  final RiskSignals signals = new RiskSignals(Duration.ofMinutes(15), CLOCK);
  RiskScore.EnvironmentTrust trust = RiskScore.EnvironmentTrust.UNKNOWN;
  PolicyGovernance.Delegations delegations =
      (intent, now) -> CompletableFuture.completedFuture(PolicyGovernance.Position.ROOT);

  PolicyGovernance governance(Duration syncTimeout) {
    return new PolicyGovernance(local, signals, env -> trust,
        (intent, now) -> delegations.admit(intent, now), CLOCK, syncTimeout);
  }

  static ExecutionIntent intent(String action, String resource, String environment, int amount,
      String parent) {
    Caller caller = parent == null ? new Caller("partner-a", "agent-7", Caller.PRINCIPAL)
        : new Caller("partner-a", "edge-env", Caller.ENVIRONMENT);
    return new ExecutionIntent("e1", caller, new TargetRef("acme", environment), action, resource,
        Json.object().put("amount", amount), parent, 30, "sha256:" + "aa".repeat(32),
        List.of("invoker"));
  }

  static ExecutionIntent invoice(int amount) {
    return intent("invoice.create", "invoices/2026-11", "billing-prod", amount, null);
  }

  static GovernanceVerdict await(CompletionStage<GovernanceVerdict> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void decide_synced_permitCarriesPolicyRulesObligationsRiskAndExplanation() throws Exception {
    local.activate(V3);
    var permit = assertInstanceOf(GovernanceVerdict.Permit.class,
        await(governance(Duration.ofSeconds(2)).decide(invoice(250))));
    assertEquals(3, permit.policyVersion());
    assertEquals(V3.digest(), permit.policyDigest());
    assertEquals(List.of("billing-invoke"), permit.rules());
    JsonNode expected = Json.parse("{\"maxDurationSeconds\":60,\"attestEverySeconds\":15,"
        + "\"requireMeasurements\":[\"image\"],\"maxDelegationDepth\":2,\"freshAttestation\":false}");
    assertEquals(expected, permit.obligations());
    assertEquals(RiskScore.EnvironmentTrust.UNKNOWN.points(), permit.risk());
    assertTrue(permit.explanation().startsWith("permitted: rule 'billing-invoke' matches caller "
        + "partner-a/agent-7"), permit.explanation());
  }

  @Test
  void decide_conditionFails_deniesWithExplanationAndRiskBreakdown() throws Exception {
    local.activate(V3);
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofSeconds(2)).decide(invoice(5000))));
    assertEquals(Decision.CONDITION_NOT_SATISFIED, deny.reason());
    assertEquals(3, deny.policyVersion());
    assertTrue(deny.detail().contains("rule 'billing-invoke' condition is false"), deny.detail());
    assertTrue(deny.detail().endsWith("[context.risk 15 = 0 recent denials, 0 recent "
        + "interruptions, environment UNKNOWN, depth 0]"), deny.detail());
  }

  @Test
  void decide_recentDenialsAndDegradedEnvironment_raiseRiskPastCondition() throws Exception {
    local.activate(V3);
    trust = RiskScore.EnvironmentTrust.TRUSTED;
    assertEquals(0, ((GovernanceVerdict.Permit) await(governance(Duration.ofSeconds(2))
        .decide(invoice(250)))).risk());
    for (int i = 0; i < 2; i++) {
      LineageRecord received = LineageChain.next(null, "d" + i, "intent.received", 1,
          TestBundles.NOW, "n1", Json.object().put("caller", "partner-a/agent-7"));
      signals.observe(received);
      signals.observe(LineageChain.next(received, "d" + i, "execution.denied", 2, TestBundles.NOW,
          "n1", Json.object().put("reason", "policy.forbidden")));
    }
    trust = RiskScore.EnvironmentTrust.DEGRADED;
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofSeconds(2)).decide(invoice(250))));
    assertTrue(deny.detail().contains("[context.risk 50 = 2 recent denials"), deny.detail());
  }

  @Test
  void decide_noPolicyInstalled_deniesAtOnce() throws Exception {
    local.noneInstalled();
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofSeconds(30)).decide(invoice(250))));
    assertEquals(PolicyGovernance.NO_POLICY, deny.reason());
    assertEquals(-1, deny.policyVersion());
  }

  @Test
  void decide_brokenPolicyChain_deniesNoPolicyNamingTheFault() throws Exception {
    local.activate(V3);
    local.fault("policy seq 2: record does not chain");
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofSeconds(30)).decide(invoice(250))));
    assertEquals(PolicyGovernance.NO_POLICY, deny.reason());
    assertTrue(deny.detail().contains("policy seq 2"), deny.detail());
  }

  @Test
  void decide_behindCommitted_waitsThenDeniesUnsynchronized() throws Exception {
    local.activate(V3);
    local.commit(new PolicyPointer(4, V4.digest()));
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofMillis(100)).decide(invoice(250))));
    assertEquals(PolicyGovernance.UNSYNCHRONIZED, deny.reason());
    assertEquals(3, deny.policyVersion());
    assertTrue(deny.detail().startsWith("this node's active policy is version 3 but version 4 "
        + "is committed; it did not synchronise within 100 ms"), deny.detail());
  }

  @Test
  void decide_unknownCommitted_waitsThenDeniesUnsynchronized() throws Exception {
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofMillis(50)).decide(invoice(250))));
    assertEquals(PolicyGovernance.UNSYNCHRONIZED, deny.reason());
    assertTrue(deny.detail().startsWith("this node does not know"), deny.detail());
  }

  @Test
  void decide_behindThenActivated_decidesAtNewVersion() throws Exception {
    local.activate(V3);
    local.commit(new PolicyPointer(4, V4.digest()));
    CompletableFuture<GovernanceVerdict> pending =
        governance(Duration.ofSeconds(30)).decide(invoice(250)).toCompletableFuture();
    assertFalse(pending.isDone());
    local.activate(V4);
    assertEquals(4, ((GovernanceVerdict.Permit) await(pending)).policyVersion());
  }

  @Test
  void decide_delegationRefused_deniesWithItsReasonBeforeDeciding() throws Exception {
    local.activate(V3);
    delegations = (intent, now) -> CompletableFuture.failedFuture(
        new AuthorizationRefused("delegation.parent-not-live", "the parent is revoked"));
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class, await(governance(Duration.ofSeconds(2))
        .decide(intent("invoice.create", "invoices/1", "billing-prod", 5, "a.b.c"))));
    assertEquals("delegation.parent-not-live", deny.reason());
    assertEquals("the parent is revoked", deny.detail());
  }

  @Test
  void decide_childWithinDepth_isPermittedWithDepthInRisk() throws Exception {
    local.activate(V3);
    delegations = (intent, now) ->
        CompletableFuture.completedFuture(new PolicyGovernance.Position(1, "p1"));
    var permit = assertInstanceOf(GovernanceVerdict.Permit.class,
        await(governance(Duration.ofSeconds(2))
            .decide(intent("invoice.create", "invoices/1", "billing-prod", 5, "a.b.c"))));
    assertEquals(RiskScore.EnvironmentTrust.UNKNOWN.points() + RiskScore.PER_DEPTH, permit.risk());
  }

  @Test
  void decide_childBeyondPermitDepth_isDeniedTooDeep() throws Exception {
    local.activate(V3);
    delegations = (intent, now) ->
        CompletableFuture.completedFuture(new PolicyGovernance.Position(1, "p1"));
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class,
        await(governance(Duration.ofSeconds(2))
            .decide(intent("report.read", "reports/q3", "reports", 0, "a.b.c"))));
    assertEquals("delegation.too-deep", deny.reason());
    assertTrue(deny.detail().startsWith("denied: delegation depth 1 exceeds maxDelegationDepth 0"),
        deny.detail());
  }
}
