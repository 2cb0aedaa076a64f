package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CEL conditions: every declared variable, numbers, compile errors with position, fail-closed. */
class PolicyCompilerTest {

  static Stream<Arguments> variables() {
    return Stream.of(
        variable("request.action == 'invoice.create'", b -> b, b -> b.action("invoice.read")),
        variable("request.resource.startsWith('invoices/2026')", b -> b, b -> b.resource("invoices/2025-01")),
        variable("request.parameters.currency == 'EUR'",
            b -> b.parameters(Map.of("currency", "EUR")), b -> b.parameters(Map.of("currency", "USD"))),
        variable("request.caller.domain == 'partner-a'", b -> b, b -> b.caller("partner-b", "agent-1")),
        variable("request.caller.principal == 'agent-1'", b -> b, b -> b.caller("partner-a", "agent-2")),
        variable("request.target.domain == 'acme'", b -> b, b -> b.target("globex", "billing-prod")),
        variable("request.target.environment.endsWith('-prod')", b -> b, b -> b.target("acme", "billing-dev")),
        variable("context.now < timestamp('2027-01-01T00:00:00Z')",
            b -> b, b -> b.now(Instant.parse("2027-06-01T00:00:00Z"))),
        variable("context.now.getHours('UTC') >= 8", b -> b, b -> b.now(Instant.parse("2026-11-27T03:00:00Z"))),
        variable("context.risk < 50", b -> b.risk(49), b -> b.risk(50)),
        variable("context.depth <= 1", b -> b.depth(1), b -> b.depth(2)),
        variable("'admin' in context.callerRoles",
            b -> b.callerRoles(List.of("invoker", "admin")), b -> b.callerRoles(List.of("invoker"))),
        variable("context.parent == ''", b -> b, b -> b.parent("01JD0000000000000000000000")),
        variable("context.parent != '' && context.depth > 0",
            b -> b.parent("01JD0000000000000000000000").depth(1), b -> b.parent(null)),
        variable("has(request.parameters.amount) && request.parameters.amount < 1000",
            b -> b, b -> b.parameters(Map.of())),
        variable("request.parameters.items.all(i, i.qty > 0)",
            b -> b.parametersJson(json("{\"items\": [{\"qty\": 1}, {\"qty\": 2.5}]}")),
            b -> b.parametersJson(json("{\"items\": [{\"qty\": 1}, {\"qty\": 0}]}"))),
        variable("request.parameters.note == null",
            b -> b.parametersJson(json("{\"note\": null}")), b -> b.parametersJson(json("{\"note\": \"x\"}"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variables")
  void decide_conditionOverVariable_permitsOnlyWhenTrue(
      String condition, UnaryOperator<DecisionInput.Builder> holds,
      UnaryOperator<DecisionInput.Builder> fails) throws Exception {
    CompiledPolicy policy = PolicyCompiler.compile(bundle(condition).toString());
    assertEquals(Decision.PERMITTED, policy.decide(holds.apply(TestBundles.request()).build()).reason());
    assertEquals(Decision.CONDITION_NOT_SATISFIED,
        policy.decide(fails.apply(TestBundles.request()).build()).reason());
  }

  static Stream<Arguments> amounts() {
    return Stream.of(
        Arguments.of("{\"amount\": 250}", true),
        Arguments.of("{\"amount\": 250.5}", true),
        Arguments.of("{\"amount\": 999.99}", true),
        Arguments.of("{\"amount\": -3}", true),
        Arguments.of("{\"amount\": 1000}", false),
        Arguments.of("{\"amount\": 1000.0}", false),
        Arguments.of("{\"amount\": 1e3}", false),
        Arguments.of("{\"amount\": 1000.01}", false),
        Arguments.of("{\"amount\": 123456789012345678901234567890}", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("amounts")
  void decide_jsonIntOrDoubleAmount_comparesNumerically(String parameters, boolean permitted)
      throws Exception {
    CompiledPolicy policy = PolicyCompiler.compile(bundle("request.parameters.amount < 1000").toString());
    DecisionInput input = TestBundles.request().parametersJson(json(parameters)).build();
    assertEquals(permitted, policy.decide(input).permitted(), parameters);
  }

  @Test
  void decide_javaNumberTypes_areWidenedForCel() throws Exception {
    CompiledPolicy policy = PolicyCompiler.compile(bundle("request.parameters.amount < 1000").toString());
    for (Object amount : List.of(250, 250L, (short) 250, 250.5f, 250.5d, new java.math.BigDecimal("250.5"))) {
      DecisionInput input = TestBundles.request().parameters(Map.of("amount", amount)).build();
      assertTrue(policy.decide(input).permitted(), amount.getClass().getSimpleName());
    }
  }

  static Stream<Arguments> compileErrors() {
    return Stream.of(
        Arguments.of("request.parameters.amount <",
            "rules[1].condition: rule 'second' condition does not compile at 1:28: "),
        Arguments.of("context.rsk < 3",
            "rules[1].condition: rule 'second' condition does not compile at 1:8: undefined field 'rsk'"),
        Arguments.of("true &&\n  request.target.region == 'eu'",
            "rules[1].condition: rule 'second' condition does not compile at 2:17: undefined field 'region'"),
        Arguments.of("context.parent == null",
            "rules[1].condition: rule 'second' condition does not compile at 1:16: found no matching overload for '_==_'"),
        Arguments.of("contxt.risk < 3",
            "rules[1].condition: rule 'second' condition does not compile at 1:1: undeclared reference to 'contxt'"),
        Arguments.of("context.risk",
            "rules[1].condition: rule 'second' condition must be of type bool, but is int"),
        Arguments.of("request.action",
            "rules[1].condition: rule 'second' condition must be of type bool, but is string"),
        Arguments.of("request.parameters.flag",
            "rules[1].condition: rule 'second' condition must be of type bool, but is dyn "
                + "(compare the value explicitly, e.g. request.parameters.flag == true)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compileErrors")
  void compile_badCondition_namesRuleAndPosition(String condition, String expectedPrefix) {
    ObjectNode bundle = bundle("true");
    ArrayNode rules = (ArrayNode) bundle.get("rules");
    rules.add(((ObjectNode) rules.get(0)).deepCopy().put("id", "second").put("condition", condition));
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyCompiler.compile(bundle.toString()));
    assertEquals("rules[1].condition", e.field());
    assertTrue(e.getMessage().startsWith(expectedPrefix), e.getMessage());
  }

  @Test
  void decide_permitConditionMissingKey_isNotSatisfiedAndExplained() throws Exception {
    CompiledPolicy policy = PolicyCompiler.compile(bundle("request.parameters.amount < 1000").toString());
    Decision decision = policy.decide(TestBundles.request().parameters(Map.of()).build());
    assertEquals(Decision.CONDITION_NOT_SATISFIED, decision.reason());
    assertTrue(decision.explanation().contains("rule 'only' condition could not be evaluated ("),
        decision.explanation());
    assertTrue(decision.explanation().contains("'amount'"), decision.explanation());
    assertTrue(decision.explanation().endsWith("which counts as not satisfied for a permit"));
  }

  @Test
  void decide_forbidConditionMissingKey_failsClosed() throws Exception {
    ObjectNode bundle = bundle("true");
    ((ArrayNode) bundle.get("rules")).add(TestBundles.parse(
        "{\"id\": \"big-amounts\", \"effect\": \"forbid\", \"caller\": {\"domain\": \"*\", \"principal\": \"*\"},"
            + "\"target\": {\"domain\": \"*\", \"environment\": \"*\"}, \"actions\": [\"*\"],"
            + "\"resources\": [\"*\"], \"condition\": \"request.parameters.amount > 10000\"}"));
    CompiledPolicy policy = PolicyCompiler.compile(bundle.toString());
    Decision decision = policy.decide(TestBundles.request().parameters(Map.of("note", "x")).build());
    assertEquals(Decision.FORBIDDEN, decision.reason());
    assertEquals(List.of("big-amounts"), decision.matchedRules());
    assertTrue(decision.explanation().contains(
        "rule 'big-amounts' condition could not be evaluated ("), decision.explanation());
    assertTrue(decision.explanation().endsWith(
        "a forbid rule that cannot be evaluated counts as matched"), decision.explanation());
    assertTrue(policy.decide(TestBundles.request().parameters(Map.of("amount", 5)).build()).permitted());
  }

  @Test
  void decide_mixedArithmetic_isAnEvaluationErrorNotACrash() throws Exception {
    CompiledPolicy policy = PolicyCompiler.compile(
        bundle("request.parameters.a + request.parameters.b > 1").toString());
    Decision decision = policy.decide(TestBundles.request().parameters(Map.of("a", 1, "b", 2.5)).build());
    assertEquals(Decision.CONDITION_NOT_SATISFIED, decision.reason());
  }

  @Test
  void decide_runawayComprehension_isCappedAndFailsClosed() throws Exception {
    CompiledPolicy policy = PolicyCompiler.compile(
        bundle("request.parameters.xs.all(x, request.parameters.xs.all(y, x + y >= 0))").toString());
    ArrayNode xs = Json.object().putArray("xs");
    for (int i = 0; i < 100; i++) {
      xs.add(i);
    }
    Decision decision = policy.decide(
        TestBundles.request().parametersJson(Json.object().set("xs", xs)).build());
    assertEquals(Decision.CONDITION_NOT_SATISFIED, decision.reason(), decision.explanation());
    assertTrue(decision.explanation().contains("Iteration budget exceeded: 1000"), decision.explanation());
  }

  private static Arguments variable(
      String condition, UnaryOperator<DecisionInput.Builder> holds, UnaryOperator<DecisionInput.Builder> fails) {
    return Arguments.of(condition, holds, fails);
  }

  /** One permit rule 'only' over everything, with the given condition. */
  static ObjectNode bundle(String condition) {
    ObjectNode rule = TestBundles.parse(
        "{\"id\": \"only\", \"effect\": \"permit\", \"caller\": {\"domain\": \"*\", \"principal\": \"*\"},"
            + "\"target\": {\"domain\": \"*\", \"environment\": \"*\"}, \"actions\": [\"*\"],"
            + "\"resources\": [\"*\"], \"obligations\": {\"maxDurationSeconds\": 60,"
            + "\"attestEverySeconds\": 15, \"requireMeasurements\": [], \"maxDelegationDepth\": 4,"
            + "\"freshAttestation\": false}}");
    rule.put("condition", condition);
    ObjectNode bundle = Json.object().put("version", 1);
    bundle.putArray("rules").add(rule);
    return bundle;
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.parse(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
