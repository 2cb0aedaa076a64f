package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TargetRef;
import io.fxg.serialization.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Executions forwarded from a peer gateway (SPEC section 13): {@code caller.peer}, {@code context.peer}. */
class PeerPolicyTest {
  static final String PEER_RULES =
      """
      {"version": 5, "rules": [
        {"id": "peer-invoke", "effect": "permit",
         "caller": {"domain": "partner-*", "principal": "*", "peer": "gw-*"},
         "target": {"domain": "acme", "environment": "billing-*"},
         "actions": ["invoice.*"], "resources": ["invoices/*"],
         "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15,
                         "requireMeasurements": [], "maxDelegationDepth": 2,
                         "freshAttestation": false}},
        {"id": "peer-a-reports", "effect": "permit",
         "caller": {"domain": "*", "principal": "*", "peer": "*"},
         "target": {"domain": "acme", "environment": "reports"},
         "actions": ["report.read"], "resources": ["*"],
         "condition": "context.peer == \\"gw-a\\"",
         "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15,
                         "requireMeasurements": [], "maxDelegationDepth": 0,
                         "freshAttestation": false}},
        {"id": "local-reports", "effect": "permit",
         "caller": {"domain": "*", "principal": "*"},
         "target": {"domain": "acme", "environment": "reports"},
         "actions": ["report.read"], "resources": ["*"],
         "condition": "context.peer == \\"\\"",
         "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15,
                         "requireMeasurements": [], "maxDelegationDepth": 0,
                         "freshAttestation": false}}
      ]}
      """;

  private final CompiledPolicy peers = TestBundles.compile(PEER_RULES);
  private final CompiledPolicy base = TestBundles.compile(TestBundles.BASE);

  private static DecisionInput.Builder forwarded(String peer) {
    return TestBundles.request().caller("partner-a", "agent-7").peer(peer);
  }

  @Test
  void decide_peerRule_matchesForwardedInputFromAMatchingPeer() {
    Decision decision = peers.decide(forwarded("gw-a").build());
    assertTrue(decision.permitted(), decision.explanation());
    assertEquals(List.of("peer-invoke"), decision.matchedRules());
    assertTrue(decision.explanation().contains("caller partner-a/agent-7 via peer gw-a \u2192"),
        decision.explanation());
  }

  @Test
  void decide_peerRule_doesNotMatchLocalInput() {
    Decision decision = peers.decide(TestBundles.request().build());
    assertFalse(decision.permitted());
    assertEquals(Decision.NO_MATCHING_RULE, decision.reason());
    assertTrue(decision.explanation().endsWith(
        "closest rule 'peer-invoke' failed on caller.peer (allows gw-*, forwarded only)"),
        decision.explanation());
  }

  @Test
  void decide_peerRule_otherPeer_isDeniedNamingCallerPeer() {
    Decision decision = peers.decide(forwarded("edge-b").build());
    assertEquals(Decision.NO_MATCHING_RULE, decision.reason());
    assertTrue(decision.explanation().contains("failed on caller.peer"), decision.explanation());
  }

  @Test
  void decide_permitWithoutPeer_doesNotMatchForwardedInput() {
    assertTrue(base.decide(TestBundles.request().build()).permitted());
    Decision decision = base.decide(forwarded("gw-a").build());
    assertFalse(decision.permitted());
    assertEquals(Decision.NO_MATCHING_RULE, decision.reason());
    assertTrue(decision.explanation().endsWith(
        "closest rule 'billing-invoke' failed on caller.peer (allows local callers only)"),
        decision.explanation());
  }

  @Test
  void decide_forbidWithoutPeer_stillForbidsForwardedInput() {
    String bundle = PEER_RULES.replace("\"version\": 5, \"rules\": [", """
        "version": 5, "rules": [
          {"id": "no-voids", "effect": "forbid",
           "caller": {"domain": "*", "principal": "*"},
           "target": {"domain": "*", "environment": "*"},
           "actions": ["invoice.void"], "resources": ["*"]},
        """);
    CompiledPolicy policy = TestBundles.compile(bundle);
    Decision decision = policy.decide(forwarded("gw-a").action("invoice.void").build());
    assertEquals(Decision.FORBIDDEN, decision.reason());
    assertEquals(List.of("no-voids"), decision.matchedRules());
    assertTrue(policy.decide(forwarded("gw-a").build()).permitted());
  }

  @ParameterizedTest(name = "peer ''{0}'' => {1}")
  @CsvSource({"gw-a, peer-a-reports", "gw-b, ", "'', local-reports"})
  void decide_contextPeer_isThePeerOrEmpty(String peer, String rule) {
    Decision decision = peers.decide(TestBundles.request().peer(peer)
        .target("acme", "reports").action("report.read").resource("r/1").build());
    if (rule == null) {
      assertEquals(Decision.CONDITION_NOT_SATISFIED, decision.reason(), decision.explanation());
    } else {
      assertEquals(List.of(rule), decision.matchedRules(), decision.explanation());
    }
  }

  @Test
  void couldPermit_treatsTheCallerAsLocal() {
    Decision decision = peers.couldPermit(DecisionInput.builder().caller("partner-a", "agent-7")
        .target("acme", "billing-prod").action("invoice.create").resource("invoices/1")
        .now(TestBundles.NOW).build());
    assertEquals(Decision.NO_MATCHING_RULE, decision.reason());
  }

  @Test
  void input_peerDefaultsToEmpty() {
    assertEquals("", TestBundles.request().build().peer());
    assertEquals("", TestBundles.request().peer(null).build().peer());
    assertFalse(TestBundles.request().build().forwarded());
  }

  @Test
  void parse_callerPeer_isKeptAndRoundTrips() throws Exception {
    PolicyBundle bundle = PolicyBundle.parse(PEER_RULES);
    assertEquals(new PolicyRule.CallerPattern("partner-*", "*", "gw-*"),
        bundle.rules().get(0).caller());
    assertNull(bundle.rules().get(2).caller().peer());
    assertEquals(Json.write(Json.parse(PEER_RULES)), Json.write(bundle.toJson()));
    assertEquals(Json.write(Json.parse(PEER_RULES).get("rules")),
        Json.write(peers.toJson().get("rules")));
    assertFalse(peers.toJson().get("rules").get(2).get("caller").has("peer"));
  }

  @Test
  void digest_ruleWithoutPeer_isUnchanged() throws Exception {
    ObjectNode caller = (ObjectNode) PolicyBundle.parse(TestBundles.BASE).toJson()
        .get("rules").get(0).get("caller");
    List<String> names = new java.util.ArrayList<>();
    caller.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("domain", "principal"), names);
    ObjectNode withPeer = TestBundles.base();
    ((ObjectNode) withPeer.get("rules").get(0).get("caller")).put("peer", "gw-a");
    assertFalse(PolicyBundle.parse(TestBundles.BASE).digest()
        .equals(PolicyBundle.fromJson(withPeer).digest()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'\"GW-*\"'     | rules[0].caller.peer: pattern 'GW-*' may only contain a-z 0-9 . - *",
      "'\"gw_a\"'     | rules[0].caller.peer: pattern 'gw_a' may only contain a-z 0-9 . - *",
      "'\"\"'         | rules[0].caller.peer: pattern must not be empty (use \"*\" to match everything)",
      "'\"gw-**\"'    | rules[0].caller.peer: pattern 'gw-**' must not contain '**' (a single * already matches any run)",
      "'7'            | rules[0].caller.peer: must be a string",
      "'null'         | rules[0].caller.peer: must be a string"})
  void parse_badCallerPeer_isRefusedNamingTheField(String value, String expected)
      throws Exception {
    ObjectNode bundle = TestBundles.base();
    ((ObjectNode) bundle.get("rules").get(0).get("caller")).set("peer", Json.parse(value));
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyBundle.fromJson(bundle));
    assertEquals(expected, e.getMessage());
    assertEquals("rules[0].caller.peer", e.field());
  }

  @Test
  void governance_forwardedIntent_decidesWithItsPeer() throws Exception {
    LocalPolicy local = new LocalPolicy();
    local.activate(peers);
    PolicyGovernance governance = new PolicyGovernance(local,
        new RiskSignals(Duration.ofMinutes(15), PolicyGovernanceTest.CLOCK),
        env -> RiskScore.EnvironmentTrust.UNKNOWN,
        (intent, now) -> CompletableFuture.completedFuture(PolicyGovernance.Position.ROOT),
        PolicyGovernanceTest.CLOCK, Duration.ofSeconds(2));
    GovernanceVerdict forwarded = governance.decide(intent(Caller.PEER))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("peer-invoke"),
        assertInstanceOf(GovernanceVerdict.Permit.class, forwarded).rules());
    // The same peer field on a local caller names the peer it is forwarded *to*: local input.
    GovernanceVerdict local2 = governance.decide(intent(Caller.PRINCIPAL))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertInstanceOf(GovernanceVerdict.Deny.class, local2);
  }

  private static ExecutionIntent intent(String kind) {
    return new ExecutionIntent("e1", new Caller("partner-a", "agent-7", kind),
        new TargetRef("acme", "billing-prod"), "invoice.create", "invoices/2026-11",
        Json.object().put("amount", 250), null, 30, "sha256:" + "aa".repeat(32),
        List.of("invoker"), "gw-a");
  }
}
