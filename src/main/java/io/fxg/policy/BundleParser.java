package io.fxg.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
    ACTION("[A-Za-z0-9._:*-]+", "A-Z a-z 0-9 . _ : - *"),
    RESOURCE("[A-Za-z0-9._~:/@+=,*-]+", "A-Z a-z 0-9 . _ ~ : / @ + = , - *");

    final Pattern charset;
    final String description;

    PatternKind(String regex, String description) {
      this.charset = Pattern.compile(regex);
      this.description = description;
    }
  }

  private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern MEASUREMENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> BUNDLE_FIELDS = Set.of("version", "rules");
  private static final Set<String> RULE_FIELDS =
      Set.of("id", "effect", "caller", "target", "actions", "resources", "condition", "obligations");
  private static final Set<String> CALLER_FIELDS = Set.of("domain", "principal");
  private static final Set<String> TARGET_FIELDS = Set.of("domain", "environment");
  private static final Set<String> OBLIGATION_FIELDS =
      Set.of("maxDurationSeconds", "attestEverySeconds", "requireMeasurements",
          "maxDelegationDepth", "freshAttestation");

  private BundleParser() {}

  static PolicyBundle parse(JsonNode root) throws PolicyException {
    requireObject(root, "bundle", BUNDLE_FIELDS);
    long version = integer(root, "version", "version", 1, PolicyBundle.MAX_VERSION);
    JsonNode rulesNode = required(root, "rules", "rules");
    if (!rulesNode.isArray()) {
      throw new PolicyException("rules", "must be an array of rules");
    }
    if (rulesNode.isEmpty()) {
      throw new PolicyException("rules", "must not be empty (a bundle without rules denies everything; say so with a forbid rule)");
    }
    if (rulesNode.size() > PolicyBundle.MAX_RULES) {
      throw new PolicyException("rules", "at most " + PolicyBundle.MAX_RULES + " rules, got " + rulesNode.size());
    }
    List<PolicyRule> rules = new ArrayList<>(rulesNode.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      String path = "rules[" + i + "]";
      PolicyRule rule = rule(rulesNode.get(i), path);
      Integer earlier = seen.putIfAbsent(rule.id(), i);
      if (earlier != null) {
        throw new PolicyException(path + ".id", "duplicate rule id '" + rule.id() + "' (also rules[" + earlier + "])");
      }
      rules.add(rule);
    }
    return new PolicyBundle(version, rules);
  }

  private static PolicyRule rule(JsonNode node, String path) throws PolicyException {
    requireObject(node, path, RULE_FIELDS);
    String id = text(node, "id", path + ".id");
    if (!RULE_ID.matcher(id).matches()) {
      throw new PolicyException(path + ".id", "must match [a-z0-9][a-z0-9._-]{0,63}, got '" + printable(id) + "'");
    }
    String effectText = text(node, "effect", path + ".effect");
    PolicyRule.Effect effect;
    if (effectText.equals("permit")) {
      effect = PolicyRule.Effect.PERMIT;
    } else if (effectText.equals("forbid")) {
      effect = PolicyRule.Effect.FORBID;
    } else {
      throw new PolicyException(path + ".effect", "must be \"permit\" or \"forbid\", got '" + printable(effectText) + "'");
    }
    JsonNode callerNode = required(node, "caller", path + ".caller");
    requireObject(callerNode, path + ".caller", CALLER_FIELDS);
    PolicyRule.CallerPattern caller = new PolicyRule.CallerPattern(
        pattern(callerNode, "domain", path + ".caller.domain", PatternKind.DOMAIN),
        pattern(callerNode, "principal", path + ".caller.principal", PatternKind.ID));
    JsonNode targetNode = required(node, "target", path + ".target");
    requireObject(targetNode, path + ".target", TARGET_FIELDS);
    PolicyRule.TargetPattern target = new PolicyRule.TargetPattern(
        pattern(targetNode, "domain", path + ".target.domain", PatternKind.DOMAIN),
        pattern(targetNode, "environment", path + ".target.environment", PatternKind.ID));
    List<String> actions = patterns(node, "actions", path + ".actions", PatternKind.ACTION);
    List<String> resources = patterns(node, "resources", path + ".resources", PatternKind.RESOURCE);
    Optional<String> condition = Optional.empty();
    if (node.has("condition")) {
      String text = text(node, "condition", path + ".condition");
      if (text.isBlank()) {
        throw new PolicyException(path + ".condition", "must not be blank (omit the field for no condition)");
      }
      if (text.length() > PolicyBundle.MAX_CONDITION_LENGTH) {
        throw new PolicyException(path + ".condition", "at most " + PolicyBundle.MAX_CONDITION_LENGTH + " characters, got " + text.length());
      }
      condition = Optional.of(text);
    }
    Optional<Obligations> obligations = Optional.empty();
    if (effect == PolicyRule.Effect.FORBID && node.has("obligations")) {
      throw new PolicyException(path + ".obligations", "not allowed on a forbid rule (obligations only shape what a permit allows)");
    }
    if (effect == PolicyRule.Effect.PERMIT) {
      obligations = Optional.of(obligations(required(node, "obligations", path + ".obligations"), path + ".obligations"));
    }
    return new PolicyRule(id, effect, caller, target, actions, resources, condition, obligations);
  }

  private static Obligations obligations(JsonNode node, String path) throws PolicyException {
    requireObject(node, path, OBLIGATION_FIELDS);
    int maxDuration = (int) integer(node, "maxDurationSeconds", path + ".maxDurationSeconds", 1, Obligations.MAX_DURATION_SECONDS);
    int attestEvery = (int) integer(node, "attestEverySeconds", path + ".attestEverySeconds", 1, Obligations.MAX_ATTEST_EVERY_SECONDS);
    String listPath = path + ".requireMeasurements";
    JsonNode list = required(node, "requireMeasurements", listPath);
    if (!list.isArray()) {
      throw new PolicyException(listPath, "must be an array of measurement names");
    }
    if (list.size() > Obligations.MAX_MEASUREMENTS) {
      throw new PolicyException(listPath, "at most " + Obligations.MAX_MEASUREMENTS + " measurements, got " + list.size());
    }
    List<String> measurements = new ArrayList<>(list.size());
    Set<String> unique = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = listPath + "[" + i + "]";
      String name = asText(list.get(i), itemPath);
      if (!MEASUREMENT.matcher(name).matches()) {
        throw new PolicyException(itemPath, "must match [a-z0-9][a-z0-9._-]{0,63}, got '" + printable(name) + "'");
      }
      if (!unique.add(name)) {
        throw new PolicyException(itemPath, "duplicate measurement '" + name + "'");
      }
      measurements.add(name);
    }
    int depth = (int) integer(node, "maxDelegationDepth", path + ".maxDelegationDepth", 0, Obligations.MAX_DELEGATION_DEPTH);
    JsonNode fresh = required(node, "freshAttestation", path + ".freshAttestation");
    if (!fresh.isBoolean()) {
      throw new PolicyException(path + ".freshAttestation", "must be true or false");
    }
    return new Obligations(maxDuration, attestEvery, measurements, depth, fresh.booleanValue());
  }

  private static List<String> patterns(JsonNode parent, String field, String path, PatternKind kind)
      throws PolicyException {
    JsonNode list = required(parent, field, path);
    if (!list.isArray()) {
      throw new PolicyException(path, "must be an array of patterns");
    }
    if (list.isEmpty()) {
      throw new PolicyException(path, "must not be empty (use [\"*\"] to match everything)");
    }
    if (list.size() > PolicyBundle.MAX_PATTERNS_PER_FIELD) {
      throw new PolicyException(path, "at most " + PolicyBundle.MAX_PATTERNS_PER_FIELD + " patterns, got " + list.size());
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

  private static String checkPattern(String pattern, String path, PatternKind kind) throws PolicyException {
    if (pattern.isEmpty()) {
      throw new PolicyException(path, "pattern must not be empty (use \"*\" to match everything)");
    }
    if (pattern.length() > PolicyBundle.MAX_PATTERN_LENGTH) {
      throw new PolicyException(path, "pattern longer than " + PolicyBundle.MAX_PATTERN_LENGTH + " characters");
    }
    if (!kind.charset.matcher(pattern).matches()) {
      throw new PolicyException(path, "pattern '" + printable(pattern) + "' may only contain " + kind.description);
    }
    if (pattern.contains("**")) {
      throw new PolicyException(path, "pattern '" + pattern + "' must not contain '**' (a single * already matches any run)");
    }
    return pattern;
  }

  private static void requireObject(JsonNode node, String path, Set<String> allowed) throws PolicyException {
    if (node == null || !node.isObject()) {
      throw new PolicyException(path, "must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        String prefix = path.equals("bundle") ? "" : path + ".";
        throw new PolicyException(prefix + printable(name), "unknown field");
      }
    }
  }

  private static JsonNode required(JsonNode parent, String field, String path) throws PolicyException {
    JsonNode value = parent.get(field);
    if (value == null) {
      throw new PolicyException(path, "is required");
    }
    return value;
  }

  private static String text(JsonNode parent, String field, String path) throws PolicyException {
    return asText(required(parent, field, path), path);
  }

  private static String asText(JsonNode node, String path) throws PolicyException {
    if (!node.isTextual()) {
      throw new PolicyException(path, "must be a string");
    }
    return node.textValue();
  }

  private static long integer(JsonNode parent, String field, String path, long min, long max)
      throws PolicyException {
    JsonNode node = required(parent, field, path);
    if (!node.isIntegralNumber() || !node.canConvertToLong()
        || node.longValue() < min || node.longValue() > max) {
      throw new PolicyException(path, "must be an integer between " + min + " and " + max);
    }
    return node.longValue();
  }

  /** Echoes user text in messages without control characters or unbounded length. */
  private static String printable(String text) {
    String clipped = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }
}
