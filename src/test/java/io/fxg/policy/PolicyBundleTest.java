package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict parsing: every refusal names the JSON path and the problem, exactly. */
class PolicyBundleTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Test
  void parse_specExample_keepsEveryField() throws Exception {
    PolicyBundle bundle = PolicyBundle.parse(TestBundles.BASE);
    assertEquals(3, bundle.version());
    PolicyRule rule = bundle.rules().get(0);
    assertEquals("billing-invoke", rule.id());
    assertEquals(PolicyRule.Effect.PERMIT, rule.effect());
    assertEquals(new PolicyRule.CallerPattern("partner-*", "*"), rule.caller());
    assertEquals(new PolicyRule.TargetPattern("acme", "billing-*"), rule.target());
    assertEquals(List.of("invoice.*"), rule.actions());
    assertEquals("request.parameters.amount < 1000 && context.risk < 50", rule.condition().orElseThrow());
    assertEquals(new Obligations(60, 15, List.of("image"), 2, false), rule.obligations().orElseThrow());
    assertTrue(bundle.rules().get(2).obligations().isEmpty());
    assertEquals(Json.write(TestBundles.base()), Json.write(bundle.toJson()));
  }

  static Stream<Arguments> badBundles() {
    return Stream.of(
        bad("root field", b -> b.put("extra", 1), "extra: unknown field"),
        bad("version missing", b -> b.remove("version"), "version: is required"),
        bad("version string", b -> b.put("version", "3"), "version: must be an integer between 1 and 9007199254740991"),
        bad("version zero", b -> b.put("version", 0), "version: must be an integer between 1 and 9007199254740991"),
        bad("version decimal", b -> b.put("version", 3.0), "version: must be an integer between 1 and 9007199254740991"),
        bad("version beyond 2^53", b -> b.put("version", 9_007_199_254_740_992L), "version: must be an integer between 1 and 9007199254740991"),
        bad("rules missing", b -> b.remove("rules"), "rules: is required"),
        bad("rules object", b -> b.putObject("rules"), "rules: must be an array of rules"),
        bad("rules empty", b -> b.putArray("rules"), "rules: must not be empty (a bundle without rules denies everything; say so with a forbid rule)"),
        bad("too many rules", PolicyBundleTest::thousandAndOneRules, "rules: at most 1000 rules, got 1001"),
        bad("rule not object", b -> rules(b).set(1, F.textNode("x")), "rules[1]: must be a JSON object"),
        bad("rule field", b -> rule(b, 1).put("priority", 1), "rules[1].priority: unknown field"),
        bad("duplicate id", b -> rule(b, 2).put("id", "billing-invoke"), "rules[2].id: duplicate rule id 'billing-invoke' (also rules[0])"),
        bad("id missing", b -> rule(b, 0).remove("id"), "rules[0].id: is required"),
        bad("id number", b -> rule(b, 0).put("id", 7), "rules[0].id: must be a string"),
        bad("id charset", b -> rule(b, 0).put("id", "Bad Id"), "rules[0].id: must match [a-z0-9][a-z0-9._-]{0,63}, got 'Bad Id'"),
        bad("effect", b -> rule(b, 0).put("effect", "allow"), "rules[0].effect: must be \"permit\" or \"forbid\", got 'allow'"),
        bad("effect case", b -> rule(b, 0).put("effect", "PERMIT"), "rules[0].effect: must be \"permit\" or \"forbid\", got 'PERMIT'"),
        bad("caller missing", b -> rule(b, 0).remove("caller"), "rules[0].caller: is required"),
        bad("caller string", b -> rule(b, 0).put("caller", "partner-a"), "rules[0].caller: must be a JSON object"),
        bad("caller field", b -> obj(b, 0, "caller").put("role", "x"), "rules[0].caller.role: unknown field"),
        bad("principal missing", b -> obj(b, 0, "caller").remove("principal"), "rules[0].caller.principal: is required"),
        bad("domain charset", b -> obj(b, 0, "caller").put("domain", "Partner-*"), "rules[0].caller.domain: pattern 'Partner-*' may only contain a-z 0-9 . - *"),
        bad("domain underscore", b -> obj(b, 0, "caller").put("domain", "partner_a"), "rules[0].caller.domain: pattern 'partner_a' may only contain a-z 0-9 . - *"),
        bad("environment double star", b -> obj(b, 0, "target").put("environment", "billing-**"), "rules[0].target.environment: pattern 'billing-**' must not contain '**' (a single * already matches any run)"),
        bad("target domain empty", b -> obj(b, 0, "target").put("domain", ""), "rules[0].target.domain: pattern must not be empty (use \"*\" to match everything)"),
        bad("target domain type", b -> obj(b, 0, "target").put("domain", 1), "rules[0].target.domain: must be a string"),
        bad("target field", b -> obj(b, 0, "target").put("region", "eu"), "rules[0].target.region: unknown field"),
        bad("actions missing", b -> rule(b, 0).remove("actions"), "rules[0].actions: is required"),
        bad("actions string", b -> rule(b, 0).put("actions", "invoice.*"), "rules[0].actions: must be an array of patterns"),
        bad("actions empty", b -> rule(b, 0).putArray("actions"), "rules[0].actions: must not be empty (use [\"*\"] to match everything)"),
        bad("action type", b -> arr(b, 0, "actions").add(5), "rules[0].actions[1]: must be a string"),
        bad("action duplicate", b -> arr(b, 0, "actions").add("invoice.*"), "rules[0].actions[1]: duplicate pattern 'invoice.*'"),
        bad("action space", b -> arr(b, 0, "actions").add("invoice create"), "rules[0].actions[1]: pattern 'invoice create' may only contain A-Z a-z 0-9 . _ : / - *"),
        bad("too many actions", b -> fill(arr(b, 0, "actions"), 64), "rules[0].actions: at most 64 patterns, got 65"),
        bad("pattern too long", b -> arr(b, 0, "actions").add("a".repeat(257)), "rules[0].actions[1]: pattern longer than 256 characters"),
        bad("resource charset", b -> arr(b, 1, "resources").add("reports/\"x\""), "rules[1].resources[1]: pattern 'reports/\"x\"' may only contain A-Z a-z 0-9 . _ ~ : / @ + = , - *"),
        bad("condition null", b -> rule(b, 0).putNull("condition"), "rules[0].condition: must be a string"),
        bad("condition blank", b -> rule(b, 0).put("condition", "  "), "rules[0].condition: must not be blank (omit the field for no condition)"),
        bad("condition too long", b -> rule(b, 0).put("condition", "true" + " ".repeat(4093)), "rules[0].condition: at most 4096 characters, got 4097"),
        bad("obligations missing", b -> rule(b, 0).remove("obligations"), "rules[0].obligations: is required"),
        bad("obligations on forbid", b -> rule(b, 2).set("obligations", rule(b, 0).get("obligations")), "rules[2].obligations: not allowed on a forbid rule (obligations only shape what a permit allows)"),
        bad("obligations array", b -> rule(b, 0).putArray("obligations"), "rules[0].obligations: must be a JSON object"),
        bad("obligation field", b -> obl(b).put("maxRetries", 3), "rules[0].obligations.maxRetries: unknown field"),
        bad("duration zero", b -> obl(b).put("maxDurationSeconds", 0), "rules[0].obligations.maxDurationSeconds: must be an integer between 1 and 86400"),
        bad("duration negative", b -> obl(b).put("maxDurationSeconds", -5), "rules[0].obligations.maxDurationSeconds: must be an integer between 1 and 86400"),
        bad("duration over a day", b -> obl(b).put("maxDurationSeconds", 86_401), "rules[0].obligations.maxDurationSeconds: must be an integer between 1 and 86400"),
        bad("duration decimal", b -> obl(b).put("maxDurationSeconds", 60.5), "rules[0].obligations.maxDurationSeconds: must be an integer between 1 and 86400"),
        bad("duration string", b -> obl(b).put("maxDurationSeconds", "60"), "rules[0].obligations.maxDurationSeconds: must be an integer between 1 and 86400"),
        bad("duration missing", b -> obl(b).remove("maxDurationSeconds"), "rules[0].obligations.maxDurationSeconds: is required"),
        bad("attest zero", b -> obl(b).put("attestEverySeconds", 0), "rules[0].obligations.attestEverySeconds: must be an integer between 1 and 3600"),
        bad("attest over an hour", b -> obl(b).put("attestEverySeconds", 3_601), "rules[0].obligations.attestEverySeconds: must be an integer between 1 and 3600"),
        bad("depth negative", b -> obl(b).put("maxDelegationDepth", -1), "rules[0].obligations.maxDelegationDepth: must be an integer between 0 and 16"),
        bad("depth 17", b -> obl(b).put("maxDelegationDepth", 17), "rules[0].obligations.maxDelegationDepth: must be an integer between 0 and 16"),
        bad("measurements missing", b -> obl(b).remove("requireMeasurements"), "rules[0].obligations.requireMeasurements: is required"),
        bad("measurements string", b -> obl(b).put("requireMeasurements", "image"), "rules[0].obligations.requireMeasurements: must be an array of measurement names"),
        bad("measurement name", b -> obl(b).withArray("requireMeasurements").add("Image"), "rules[0].obligations.requireMeasurements[1]: must match [a-z0-9][a-z0-9._-]{0,63}, got 'Image'"),
        bad("measurement duplicate", b -> obl(b).withArray("requireMeasurements").add("image"), "rules[0].obligations.requireMeasurements[1]: duplicate measurement 'image'"),
        bad("too many measurements", b -> fill(obl(b).withArray("requireMeasurements"), 16), "rules[0].obligations.requireMeasurements: at most 16 measurement names, got 17"),
        bad("fresh string", b -> obl(b).put("freshAttestation", "yes"), "rules[0].obligations.freshAttestation: must be true or false"),
        bad("fresh missing", b -> obl(b).remove("freshAttestation"), "rules[0].obligations.freshAttestation: is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBundles")
  void parse_badBundle_namesTheField(String name, Consumer<ObjectNode> mutation, String expected) {
    ObjectNode bundle = TestBundles.base();
    mutation.accept(bundle);
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyBundle.fromJson(bundle));
    assertEquals(expected, e.getMessage());
    assertEquals(expected.substring(0, expected.indexOf(": ")), e.field());
  }

  @Test
  void parse_notAnObject_isRefused() {
    assertEquals("bundle: must be a JSON object",
        assertThrows(PolicyException.class, () -> PolicyBundle.parse("[]")).getMessage());
    assertEquals("bundle: must be a JSON object",
        assertThrows(PolicyException.class, () -> PolicyBundle.parse("")).getMessage());
  }

  @Test
  void parse_duplicateKey_isRefusedWithPosition() {
    PolicyException e = assertThrows(PolicyException.class,
        () -> PolicyBundle.parse("{\"version\": 1,\n \"version\": 2, \"rules\": []}"));
    assertEquals("bundle", e.field());
    assertTrue(e.getMessage().startsWith("bundle: not valid JSON at 2:"), e.getMessage());
    assertTrue(e.getMessage().contains("Duplicate field 'version'"), e.getMessage());
  }

  /** Found by the HTTP fuzzer (docs/reliability.md, Fuzzing): the field was "bundle". */
  @Test
  void parse_memberBeyondAParserLimit_namesTheMember() {
    PolicyException nested = assertThrows(PolicyException.class,
        () -> PolicyBundle.parse("{\"version\": 2, \"rules\": [{\"id\": " + "[".repeat(1001) + "]".repeat(1001) + "}]}"));
    assertEquals("rules[0].id[0][0][0][0][0]", nested.field());
    assertEquals("version", assertThrows(PolicyException.class,
        () -> PolicyBundle.parse("{\"version\": " + "9".repeat(1200) + "}")).field());
  }

  /** Found by the HTTP fuzzer: text that cannot be journaled (CBOR) must be refused first. */
  @Test
  void parse_loneSurrogate_isRefusedNamingTheMember() {
    assertEquals("rules", assertThrows(PolicyException.class,
        () -> PolicyBundle.parse("{\"version\": 2, \"rules\": \"\\uDEC0\"}")).field());
  }

  @Test
  void parse_malformedOrTrailingJson_isRefused() {
    assertTrue(assertThrows(PolicyException.class, () -> PolicyBundle.parse("{\"version\": "))
        .getMessage().startsWith("bundle: not valid JSON at 1:"));
    assertTrue(assertThrows(PolicyException.class, () -> PolicyBundle.parse(TestBundles.BASE + " {}"))
        .getMessage().startsWith("bundle: not valid JSON at "));
  }

  @Test
  void parse_thousandRules_isAccepted() throws Exception {
    ObjectNode bundle = TestBundles.base();
    ArrayNode rules = rules(bundle);
    for (int i = rules.size(); i < PolicyBundle.MAX_RULES; i++) {
      rules.add(((ObjectNode) rules.get(1)).deepCopy().put("id", "r" + i));
    }
    assertEquals(1000, PolicyBundle.fromJson(bundle).rules().size());
  }

  private static Arguments bad(String name, Consumer<ObjectNode> mutation, String expected) {
    return Arguments.of(name, mutation, expected);
  }

  private static void thousandAndOneRules(ObjectNode bundle) {
    ArrayNode rules = rules(bundle);
    for (int i = rules.size(); i <= PolicyBundle.MAX_RULES; i++) {
      rules.add(((ObjectNode) rules.get(1)).deepCopy().put("id", "r" + i));
    }
  }

  private static ArrayNode rules(ObjectNode bundle) {
    return (ArrayNode) bundle.get("rules");
  }

  private static ObjectNode rule(ObjectNode bundle, int index) {
    return (ObjectNode) rules(bundle).get(index);
  }

  private static ObjectNode obj(ObjectNode bundle, int index, String field) {
    return (ObjectNode) rule(bundle, index).get(field);
  }

  private static ArrayNode arr(ObjectNode bundle, int index, String field) {
    return (ArrayNode) rule(bundle, index).get(field);
  }

  private static ObjectNode obl(ObjectNode bundle) {
    return obj(bundle, 0, "obligations");
  }

  private static void fill(ArrayNode array, int extra) {
    for (int i = 0; i < extra; i++) {
      array.add("x" + i);
    }
  }
}
