package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter-free dry run behind MCP tools/list: which tools a caller could ever be permitted. */
class CouldPermitTest {
  static final String RULES = """
      {"version": 1, "rules": [
        {"id": "read-public", "effect": "permit",
         "caller": {"domain": "partner-*", "principal": "*"}, "target": {"domain": "acme", "environment": "tools"},
         "actions": ["mcp.tool/read_file"], "resources": ["acme/tools"],
         "condition": "request.parameters.path.startsWith('/srv/public/')",
         "obligations": {"maxDurationSeconds": 30, "attestEverySeconds": 30, "requireMeasurements": ["image"],
           "maxDelegationDepth": 0, "freshAttestation": false}},
        {"id": "all-tools", "effect": "permit",
         "caller": {"domain": "partner-*", "principal": "*"}, "target": {"domain": "acme", "environment": "tools"},
         "actions": ["mcp.tool/*"], "resources": ["acme/tools"],
         "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": [],
           "maxDelegationDepth": 0, "freshAttestation": false}},
        {"id": "never-shell", "effect": "forbid",
         "caller": {"domain": "*", "principal": "*"}, "target": {"domain": "*", "environment": "*"},
         "actions": ["mcp.tool/shell"], "resources": ["*"]},
        {"id": "no-big-echo", "effect": "forbid",
         "caller": {"domain": "*", "principal": "*"}, "target": {"domain": "*", "environment": "*"},
         "actions": ["mcp.tool/echo"], "resources": ["*"], "condition": "request.parameters.loud == true"}
      ]}
      """;
  final CompiledPolicy policy = TestBundles.compile(RULES);

  Decision dryRun(String caller, String tool) {
    return policy.couldPermit(DecisionInput.builder().caller(caller, "agent-7").target("acme", "tools")
        .action("mcp.tool/" + tool).resource("acme/tools").callerRoles(List.of("invoker"))
        .now(Instant.parse("2026-12-05T12:00:00Z")).build());
  }

  @Test
  void conditionalPermit_counts_withTheStrictestObligationsOfEveryPermitInScope() {
    Decision read = dryRun("partner-a", "read_file");
    assertTrue(read.permitted());
    assertEquals(Decision.CONDITIONAL, read.reason());
    assertEquals(List.of("all-tools", "read-public"), read.matchedRules());
    assertEquals(30, read.obligations().maxDurationSeconds());
    assertEquals(15, read.obligations().attestEverySeconds());
  }

  @Test
  void unconditionalPermit_isPermitted() {
    assertEquals(Decision.PERMITTED, dryRun("partner-a", "count_slowly").reason());
  }

  @Test
  void forbidWithoutCondition_removesTheTool_butAConditionalForbidDoesNot() {
    assertFalse(dryRun("partner-a", "shell").permitted());
    assertEquals(Decision.FORBIDDEN, dryRun("partner-a", "shell").reason());
    assertTrue(dryRun("partner-a", "echo").permitted(), "the echo forbid depends on the arguments");
  }

  @Test
  void callerOutsideEveryPermit_seesNothing() {
    assertEquals(Decision.NO_MATCHING_RULE, dryRun("stranger", "read_file").reason());
  }
}
