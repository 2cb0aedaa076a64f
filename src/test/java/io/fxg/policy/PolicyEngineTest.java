package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matching semantics: globs, default deny, forbid overrides, strictest obligations, depth. */
class PolicyEngineTest {
  static final String RULES =
      """
      {"version": 7, "rules": [
        {"id": "billing-invoke", "effect": "permit",
         "caller": {"domain": "partner-*", "principal": "*"},
         "target": {"domain": "acme", "environment": "billing-*"},
         "actions": ["invoice.*"], "resources": ["invoices/*"],
         "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15,
           "requireMeasurements": ["image"], "maxDelegationDepth": 2, "freshAttestation": false}},
        {"id": "billing-read-strict", "effect": "permit",
         "caller": {"domain": "partner-a", "principal": "*"},
         "target": {"domain": "acme", "environment": "billing-prod"},
         "actions": ["invoice.read"], "resources": ["invoices/*"],
         "obligations": {"maxDurationSeconds": 30, "attestEverySeconds": 30,
           "requireMeasurements": ["config", "image"], "maxDelegationDepth": 1, "freshAttestation": true}},
        {"id": "reports", "effect": "permit",
         "caller": {"domain": "*", "principal": "*"},
         "target": {"domain": "acme", "environment": "reports"},
         "actions": ["report.read", "report.list"], "resources": ["*"],
         "obligations": {"maxDurationSeconds": 3600, "attestEverySeconds": 60,
           "requireMeasurements": [], "maxDelegationDepth": 0, "freshAttestation": false}},
        {"id": "no-exfil", "effect": "forbid",
         "caller": {"domain": "*", "principal": "*"},
         "target": {"domain": "*", "environment": "*"},
         "actions": ["secrets.*"], "resources": ["*"]},
        {"id": "no-prod-delete", "effect": "forbid",
         "caller": {"domain": "*", "principal": "*"},
         "target": {"domain": "acme", "environment": "*-prod"},
         "actions": ["invoice.delete"], "resources": ["*"]},
        {"id": "a-no-deletes", "effect": "forbid",
         "caller": {"domain": "partner-a", "principal": "*"},
         "target": {"domain": "*", "environment": "*"},
         "actions": ["*.delete"], "resources": ["*"]}
      ]}
      """;

  private final CompiledPolicy policy = TestBundles.compile(RULES);

  @ParameterizedTest(name = "{0}/{1} -> {2}/{3} {4} {5} => {6} {7}")
  @CsvSource(delimiter = '|', value = {
      "partner-a | agent-1 | acme  | billing-prod    | invoice.create | invoices/1   | policy.permitted        | billing-invoke",
      "partner-b | agent-9 | acme  | billing-staging | invoice.void   | invoices/x/y | policy.permitted        | billing-invoke",
      "partner-a | agent-1 | acme  | billing-prod    | invoice.read   | invoices/1   | policy.permitted        | billing-invoke billing-read-strict",
      "partner-b | agent-1 | acme  | billing-prod    | invoice.read   | invoices/1   | policy.permitted        | billing-invoke",
      "partner-  | agent-1 | acme  | billing-x       | invoice.       | invoices/    | policy.permitted        | billing-invoke",
      "anyone    | bot     | acme  | reports         | report.list    | q4           | policy.permitted        | reports",
      "partner   | agent-1 | acme  | billing-prod    | invoice.create | invoices/1   | policy.no-matching-rule | ''",
      "partner-a | agent-1 | acme  | billing         | invoice.create | invoices/1   | policy.no-matching-rule | ''",
      "partner-a | agent-1 | acme2 | billing-prod    | invoice.create | invoices/1   | policy.no-matching-rule | ''",
      "partner-a | agent-1 | acme  | billing-prod    | invoice        | invoices/1   | policy.no-matching-rule | ''",
      "partner-a | agent-1 | acme  | billing-prod    | invoice.create | invoicesX/1  | policy.no-matching-rule | ''",
      "partner-a | agent-1 | acme  | reports         | report.write   | q4           | policy.no-matching-rule | ''",
      "partner-a | agent-1 | acme  | billing-prod    | secrets.read   | invoices/1   | policy.forbidden        | no-exfil",
      "partner-b | agent-1 | acme  | billing-prod    | invoice.delete | invoices/1   | policy.forbidden        | no-prod-delete",
      "partner-a | agent-1 | acme  | billing-prod    | invoice.delete | invoices/1   | policy.forbidden        | a-no-deletes no-prod-delete",
      "partner-a | agent-1 | acme  | billing-staging | invoice.delete | invoices/1   | policy.forbidden        | a-no-deletes",
      "partner-b | agent-1 | acme  | billing-staging | invoice.delete | invoices/1   | policy.permitted        | billing-invoke",
  })
  void decide_table(String callerDomain, String principal, String targetDomain, String environment,
      String action, String resource, String reason, String rules) {
    Decision decision = policy.decide(TestBundles.request()
        .caller(callerDomain, principal).target(targetDomain, environment)
        .action(action).resource(resource).build());
    assertEquals(reason, decision.reason(), decision.explanation());
    assertEquals(rules.isEmpty() ? List.of() : List.of(rules.split(" ")), decision.matchedRules());
    assertEquals(reason.equals(Decision.PERMITTED), decision.permitted());
    assertEquals(7, decision.policyVersion());
    assertEquals(policy.digest(), decision.policyDigest());
  }

  @Test
  void decide_twoPermits_combineToStrictestObligations() {
    Decision decision = policy.decide(TestBundles.request().action("invoice.read").build());
    assertEquals(new Obligations(30, 15, List.of("config", "image"), 1, true), decision.obligations());
    assertEquals("permitted: rules 'billing-invoke', 'billing-read-strict' match caller partner-a/agent-1"
        + " \u2192 acme/billing-prod action invoice.read on invoices/2026-11", decision.explanation());
  }

  @Test
  void decide_onePermit_carriesItsObligations() {
    Decision decision = policy.decide(TestBundles.request().build());
    assertEquals(new Obligations(60, 15, List.of("image"), 2, false), decision.obligations());
  }

  @Test
  void decide_forbid_explainsRuleAndRequest() {
    Decision decision = policy.decide(TestBundles.request().action("secrets.read").build());
    assertNull(decision.obligations());
    assertEquals("denied: rule 'no-exfil' (forbid) matched caller partner-a/agent-1 \u2192 "
        + "acme/billing-prod action secrets.read on invoices/2026-11", decision.explanation());
  }

  @Test
  void decide_noPermit_namesClosestRuleAndFailedDimension() {
    Decision decision = policy.decide(TestBundles.request()
        .caller("partner-b", "agent-1").action("invoice-delete").build());
    assertEquals("denied: no permit rule matches caller partner-b/agent-1 \u2192 acme/billing-prod "
        + "action invoice-delete on invoices/2026-11; closest rule 'billing-invoke' failed on action "
        + "(allows invoice.*)", decision.explanation());
  }

  @Test
  void decide_onlyForbidRules_deniesByDefault() {
    CompiledPolicy forbidOnly = TestBundles.compile(
        "{\"version\": 1, \"rules\": [{\"id\": \"f\", \"effect\": \"forbid\", \"caller\": {\"domain\": \"x\","
            + " \"principal\": \"*\"}, \"target\": {\"domain\": \"*\", \"environment\": \"*\"},"
            + " \"actions\": [\"*\"], \"resources\": [\"*\"]}]}");
    Decision decision = forbidOnly.decide(TestBundles.request().build());
    assertEquals(Decision.NO_MATCHING_RULE, decision.reason());
    assertTrue(decision.explanation().endsWith("; the policy has no permit rule"), decision.explanation());
  }

  @Test
  void decide_deeperThanStrictestDelegationDepth_isDenied() {
    assertTrue(policy.decide(TestBundles.request().action("invoice.read").depth(1).build()).permitted());
    Decision decision = policy.decide(TestBundles.request().action("invoice.read").depth(2).build());
    assertEquals(Decision.DELEGATION_TOO_DEEP, decision.reason());
    assertEquals(List.of("billing-invoke", "billing-read-strict"), decision.matchedRules());
    assertTrue(decision.explanation().startsWith("denied: delegation depth 2 exceeds "
        + "maxDelegationDepth 1 of rules 'billing-invoke', 'billing-read-strict' for caller"),
        decision.explanation());
  }

  @Test
  void decide_sameInputTwice_isEqual() {
    DecisionInput input = TestBundles.request().action("invoice.read").build();
    assertEquals(policy.decide(input), policy.decide(input));
    assertEquals(policy.decide(input), TestBundles.compile(RULES).decide(input));
  }

  @Test
  void decide_shuffledRuleOrder_givesTheSameDecisions() {
    ObjectNode bundle = TestBundles.parse(RULES);
    List<ObjectNode> rules = new ArrayList<>();
    bundle.get("rules").forEach(rule -> rules.add((ObjectNode) rule));
    Random random = new Random(8785);
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(rules, random);
      ArrayNode array = bundle.putArray("rules");
      rules.forEach(array::add);
      CompiledPolicy shuffled = TestBundles.compile(bundle.toString());
      for (String action : List.of("invoice.read", "invoice.delete", "secrets.read", "nope")) {
        Decision expected = policy.decide(TestBundles.request().action(action).build());
        Decision actual = shuffled.decide(TestBundles.request().action(action).build());
        assertEquals(expected.reason(), actual.reason());
        assertEquals(expected.matchedRules(), actual.matchedRules());
        assertEquals(expected.obligations(), actual.obligations());
        assertEquals(expected.explanation(), actual.explanation());
      }
    }
  }
}
