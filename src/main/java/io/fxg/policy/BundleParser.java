package io.fxg.policy;

import static io.fxg.policy.JsonFields.array;
import static io.fxg.policy.JsonFields.asText;
import static io.fxg.policy.JsonFields.integer;
import static io.fxg.policy.JsonFields.printable;
import static io.fxg.policy.JsonFields.required;
import static io.fxg.policy.JsonFields.requireObject;
import static io.fxg.policy.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict JSON-tree to {@link PolicyBundle} conversion. Every refusal is a {@link PolicyException}
 * naming the JSON path; checks run in document order so the first problem reported is stable.
 */
final class BundleParser {
  /** Which charset a glob may use, matching the ids it is compared with (SPEC section 3). */
  enum PatternKind {
    DOMAIN("[a-z0-9.*-]+", "a-z 0-9 . - *"),
    ID("[a-z0-9._*-]+", "a-z 0-9 . _ - *"),
    // "/" for MCP tool actions, mcp.tool/<name> (SPEC section 14).
    ACTION("[A-Za-z0-9._:/*-]+", "A-Z a-z 0-9 . _ : / - *"),
    RESOURCE("[A-Za-z0-9._~:/@+=,*-]+", "A-Z a-z 0-9 . _ ~ : / @ + = , - *");

    final Pattern charset;
    final String description;

    PatternKind(String regex, String description) {
      this.charset = Pattern.compile(regex);
      this.description = description;
    }
  }

  private static final String NAME_REGEX = "[a-z0-9][a-z0-9._-]{0,63}";
  private static final Pattern NAME = Pattern.compile(NAME_REGEX);
  private static final Set<String> BUNDLE_FIELDS = Set.of("version", "rules");
  private static final Set<String> RULE_FIELDS = Set.of(
      "id", "effect", "caller", "target", "actions", "resources", "condition", "obligations");
  private static final Set<String> CALLER_FIELDS = Set.of("domain", "principal", "peer");
  private static final Set<String> TARGET_FIELDS = Set.of("domain", "environment");
  private static final Set<String> OBLIGATION_FIELDS = Set.of("maxDurationSeconds",
      "attestEverySeconds", "requireMeasurements", "maxDelegationDepth", "freshAttestation");

  private BundleParser() {}

  static PolicyBundle parse(JsonNode root) throws PolicyException {
    requireObject(root, "bundle", BUNDLE_FIELDS);
    long version = integer(root, "version", "version", 1, PolicyBundle.MAX_VERSION);
    JsonNode list = array(root, "rules", "rules", "rules", PolicyBundle.MAX_RULES);
    if (list.isEmpty()) {
      throw new PolicyException("rules", "must not be empty "
          + "(a bundle without rules denies everything; say so with a forbid rule)");
    }
    List<PolicyRule> rules = new ArrayList<>(list.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "rules[" + i + "]";
      PolicyRule rule = rule(list.get(i), path);
      Integer earlier = seen.putIfAbsent(rule.id(), i);
      if (earlier != null) {
        throw new PolicyException(path + ".id",
            "duplicate rule id '" + rule.id() + "' (also rules[" + earlier + "])");
      }
      rules.add(rule);
    }
    return new PolicyBundle(version, rules);
  }

  private static PolicyRule rule(JsonNode node, String path) throws PolicyException {
    requireObject(node, path, RULE_FIELDS);
    String id = name(text(node, "id", path + ".id"), path + ".id");
    PolicyRule.Effect effect = effect(text(node, "effect", path + ".effect"), path + ".effect");
    JsonNode caller = required(node, "caller", path + ".caller");
    requireObject(caller, path + ".caller", CALLER_FIELDS);
    PolicyRule.CallerPattern callerPattern = new PolicyRule.CallerPattern(
        pattern(caller, "domain", path + ".caller.domain", PatternKind.DOMAIN),
        pattern(caller, "principal", path + ".caller.principal", PatternKind.ID),
        caller.has("peer")
            ? pattern(caller, "peer", path + ".caller.peer", PatternKind.DOMAIN)
            : null);
    JsonNode target = required(node, "target", path + ".target");
    requireObject(target, path + ".target", TARGET_FIELDS);
    PolicyRule.TargetPattern targetPattern = new PolicyRule.TargetPattern(
        pattern(target, "domain", path + ".target.domain", PatternKind.DOMAIN),
        pattern(target, "environment", path + ".target.environment", PatternKind.ID));
    List<String> actions = patterns(node, "actions", path + ".actions", PatternKind.ACTION);
    List<String> resources = patterns(node, "resources", path + ".resources", PatternKind.RESOURCE);
    Optional<String> condition = node.has("condition")
        ? Optional.of(condition(text(node, "condition", path + ".condition"), path + ".condition"))
        : Optional.empty();
    Optional<Obligations> obligations = Optional.empty();
    if (effect == PolicyRule.Effect.FORBID && node.has("obligations")) {
      throw new PolicyException(path + ".obligations",
          "not allowed on a forbid rule (obligations only shape what a permit allows)");
    }
    if (effect == PolicyRule.Effect.PERMIT) {
      String obligationsPath = path + ".obligations";
      obligations = Optional.of(
          obligations(required(node, "obligations", obligationsPath), obligationsPath));
    }
    return new PolicyRule(
        id, effect, callerPattern, targetPattern, actions, resources, condition, obligations);
  }

  private static PolicyRule.Effect effect(String text, String path) throws PolicyException {
    switch (text) {
      case "permit":
        return PolicyRule.Effect.PERMIT;
      case "forbid":
        return PolicyRule.Effect.FORBID;
      default:
        throw new PolicyException(
            path, "must be \"permit\" or \"forbid\", got '" + printable(text) + "'");
    }
  }

  private static String condition(String text, String path) throws PolicyException {
    if (text.isBlank()) {
      throw new PolicyException(path, "must not be blank (omit the field for no condition)");
    }
    if (text.length() > PolicyBundle.MAX_CONDITION_LENGTH) {
      throw new PolicyException(path,
          "at most " + PolicyBundle.MAX_CONDITION_LENGTH + " characters, got " + text.length());
    }
    return text;
  }

  private static Obligations obligations(JsonNode node, String path) throws PolicyException {
    requireObject(node, path, OBLIGATION_FIELDS);
    int maxDuration = (int) integer(node, "maxDurationSeconds", path + ".maxDurationSeconds",
        1, Obligations.MAX_DURATION_SECONDS);
    int attestEvery = (int) integer(node, "attestEverySeconds", path + ".attestEverySeconds",
        1, Obligations.MAX_ATTEST_EVERY_SECONDS);
    String listPath = path + ".requireMeasurements";
    JsonNode list = array(node, "requireMeasurements", listPath, "measurement names",
        Obligations.MAX_MEASUREMENTS);
    List<String> measurements = new ArrayList<>(list.size());
    Set<String> unique = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = listPath + "[" + i + "]";
      String name = name(asText(list.get(i), itemPath), itemPath);
      if (!unique.add(name)) {
        throw new PolicyException(itemPath, "duplicate measurement '" + name + "'");
      }
      measurements.add(name);
    }
    int depth = (int) integer(node, "maxDelegationDepth", path + ".maxDelegationDepth",
        0, Obligations.MAX_DELEGATION_DEPTH);
    JsonNode fresh = required(node, "freshAttestation", path + ".freshAttestation");
    if (!fresh.isBoolean()) {
      throw new PolicyException(path + ".freshAttestation", "must be true or false");
    }
    return new Obligations(maxDuration, attestEvery, measurements, depth, fresh.booleanValue());
  }

  private static List<String> patterns(JsonNode parent, String field, String path, PatternKind kind)
      throws PolicyException {
    JsonNode list = array(parent, field, path, "patterns", PolicyBundle.MAX_PATTERNS_PER_FIELD);
    if (list.isEmpty()) {
      throw new PolicyException(path, "must not be empty (use [\"*\"] to match everything)");
    }
    List<String> patterns = new ArrayList<>(list.size());
    Set<String> unique = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = path + "[" + i + "]";
      String pattern = checkPattern(asText(list.get(i), itemPath), itemPath, kind);
      if (!unique.add(pattern)) {
        throw new PolicyException(itemPath, "duplicate pattern '" + pattern + "'");
      }
      patterns.add(pattern);
    }
    return patterns;
  }

  private static String pattern(JsonNode parent, String field, String path, PatternKind kind)
      throws PolicyException {
    return checkPattern(text(parent, field, path), path, kind);
  }

  private static String checkPattern(String pattern, String path, PatternKind kind)
      throws PolicyException {
    if (pattern.isEmpty()) {
      throw new PolicyException(path, "pattern must not be empty (use \"*\" to match everything)");
    }
    if (pattern.length() > PolicyBundle.MAX_PATTERN_LENGTH) {
      throw new PolicyException(
          path, "pattern longer than " + PolicyBundle.MAX_PATTERN_LENGTH + " characters");
    }
    if (!kind.charset.matcher(pattern).matches()) {
      throw new PolicyException(path,
          "pattern '" + printable(pattern) + "' may only contain " + kind.description);
    }
    if (pattern.contains("**")) {
      throw new PolicyException(path, "pattern '" + pattern
          + "' must not contain '**' (a single * already matches any run)");
    }
    return pattern;
  }

  /** Rule ids and measurement names share the id grammar of SPEC section 3. */
  private static String name(String text, String path) throws PolicyException {
    if (!NAME.matcher(text).matches()) {
      throw new PolicyException(
          path, "must match " + NAME_REGEX + ", got '" + printable(text) + "'");
    }
    return text;
  }
}
