package io.fxg.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A governance policy bundle (SPEC section 6): a version and its rules, exactly as an admin
 * installed them. Parsing is strict: unknown or duplicate fields, wrong types, out-of-range
 * obligations, malformed globs and oversized collections are refused with a {@link
 * PolicyException} naming the JSON path.
 *
 * <p>Invariant: {@link #toJson()} reproduces the accepted input field for field (nothing is
 * defaulted or normalised), so {@link #digest()} — SHA-256 of the RFC 8785 (JCS) form — equals
 * the digest of the submitted document, whatever its key order or whitespace.
 */
public record PolicyBundle(long version, List<PolicyRule> rules) {
  /** Largest version: JCS numbers are IEEE doubles, so versions stay exact integers. */
  public static final long MAX_VERSION = 9_007_199_254_740_991L;
  public static final int MAX_RULES = 1_000;
  public static final int MAX_PATTERNS_PER_FIELD = 64;
  public static final int MAX_PATTERN_LENGTH = 256;
  public static final int MAX_CONDITION_LENGTH = 4_096;

  private static final ObjectReader STRICT_READER =
      Json.mapper()
          .reader()
          .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public PolicyBundle {
    if (version < 1 || version > MAX_VERSION) {
      throw new IllegalArgumentException("version must be between 1 and " + MAX_VERSION);
    }
    rules = List.copyOf(rules);
    if (rules.isEmpty() || rules.size() > MAX_RULES) {
      throw new IllegalArgumentException("between 1 and " + MAX_RULES + " rules");
    }
  }

  /** Parses and validates a bundle from JSON text; duplicate keys are refused. */
  public static PolicyBundle parse(String json) throws PolicyException {
    Objects.requireNonNull(json, "json");
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses and validates a bundle from UTF-8 JSON bytes; duplicate keys are refused. */
  public static PolicyBundle parse(byte[] json) throws PolicyException {
    JsonNode root;
    try {
      root = STRICT_READER.readTree(json);
    } catch (JsonProcessingException e) {
      String member = Json.memberOf(e, json);
      if (member != null) {
        throw new PolicyException(member, "beyond a limit: " + e.getOriginalMessage(), e);
      }
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at " + at.getLineNr() + ":" + at.getColumnNr();
      throw new PolicyException(
          "bundle", "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PolicyException("bundle", "not readable JSON: " + e.getMessage(), e);
    }
    String illFormed = root == null ? null : Json.illFormedUnicodeMember(root);
    if (illFormed != null) {
      throw new PolicyException(illFormed.isEmpty() ? "bundle" : illFormed, "not well-formed Unicode (a lone surrogate)");
    }
    return fromJson(root);
  }

  /** Validates an already parsed JSON tree. */
  public static PolicyBundle fromJson(JsonNode root) throws PolicyException {
    return BundleParser.parse(root);
  }

  /** {@code sha256:<hex>} of the JCS form of {@link #toJson()}. */
  public String digest() {
    return Digests.digestOfJson(toJson());
  }

  /** The bundle as JSON, {@code {"version", "rules"}}; a fresh tree on every call. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("version", version);
    ArrayNode array = root.putArray("rules");
    for (PolicyRule rule : rules) {
      array.add(ruleJson(rule));
    }
    return root;
  }

  static ObjectNode ruleJson(PolicyRule rule) {
    ObjectNode node = Json.object();
    node.put("id", rule.id());
    node.put("effect", rule.effect().wire());
    ObjectNode caller = node.putObject("caller")
        .put("domain", rule.caller().domain())
        .put("principal", rule.caller().principal());
    // Only when present, so bundles written before peer patterns keep their digests.
    if (rule.caller().peer() != null) {
      caller.put("peer", rule.caller().peer());
    }
    node.putObject("target")
        .put("domain", rule.target().domain())
        .put("environment", rule.target().environment());
    rule.actions().forEach(node.putArray("actions")::add);
    rule.resources().forEach(node.putArray("resources")::add);
    rule.condition().ifPresent(condition -> node.put("condition", condition));
    rule.obligations().ifPresent(obligations -> {
      ObjectNode o = node.putObject("obligations");
      o.put("maxDurationSeconds", obligations.maxDurationSeconds());
      o.put("attestEverySeconds", obligations.attestEverySeconds());
      obligations.requireMeasurements().forEach(o.putArray("requireMeasurements")::add);
      o.put("maxDelegationDepth", obligations.maxDelegationDepth());
      o.put("freshAttestation", obligations.freshAttestation());
    });
    return node;
  }
}
