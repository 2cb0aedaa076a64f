package io.fxg.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts request parameters to the Java values CEL evaluates: integral numbers to {@code Long}
 * (integers outside the 64-bit range to {@code Double}), decimals to {@code Double}, JSON null to
 * CEL null, arrays to lists and objects to string-keyed maps, all immutable. Also builds the
 * {@code request}/{@code context} activation of one decision.
 */
final class ConditionValues {
  private ConditionValues() {}

  /** CEL form of a JSON object; anything other than an object is refused. */
  static Map<String, Object> fromJsonObject(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("parameters must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) fromJson(node);
    return map;
  }

  /** CEL form of any JSON value. */
  static Object fromJson(JsonNode node) {
    switch (node.getNodeType()) {
      case STRING:
        return node.textValue();
      case BOOLEAN:
        return node.booleanValue();
      case NULL:
        return NullValue.NULL_VALUE;
      case NUMBER:
        if (node.isIntegralNumber()) {
          return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        return node.doubleValue();
      case ARRAY:
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(fromJson(item)));
        return Collections.unmodifiableList(list);
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          map.put(field.getKey(), fromJson(field.getValue()));
        }
        return Collections.unmodifiableMap(map);
      default:
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  /**
   * CEL form of a Java value built in code: boxed integers widen to {@code Long}, floats and
   * {@link BigDecimal} to {@code Double}, {@code null} to CEL null; strings, booleans, lists and
   * string-keyed maps are copied. Other types are refused, so no value CEL cannot compare reaches
   * a condition.
   */
  static Object normalize(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Double || value instanceof NullValue) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof BigInteger) {
      BigInteger big = (BigInteger) value;
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof JsonNode) {
      return fromJson((JsonNode) value);
    }
    if (value instanceof List) {
      List<Object> list = new ArrayList<>(((List<?>) value).size());
      ((List<?>) value).forEach(item -> list.add(normalize(item)));
      return Collections.unmodifiableList(list);
    }
    if (value instanceof Map) {
      return normalizeMap((Map<?, ?>) value);
    }
    throw new IllegalArgumentException(
        "unsupported parameter value type " + value.getClass().getName());
  }

  static Map<String, Object> normalizeMap(Map<?, ?> source) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : source.entrySet()) {
      if (!(entry.getKey() instanceof String)) {
        throw new IllegalArgumentException("parameter keys must be strings");
      }
      map.put((String) entry.getKey(), normalize(entry.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /** The variables of one decision, as declared in {@link ConditionEnvironment}. */
  static Map<String, Object> activation(DecisionInput in) {
    Map<String, Object> request = Map.of(
        "action", in.action(),
        "resource", in.resource(),
        "parameters", in.parameters(),
        "caller", Map.of("domain", in.callerDomain(), "principal", in.callerPrincipal()),
        "target", Map.of("domain", in.targetDomain(), "environment", in.targetEnvironment()));
    Map<String, Object> context = Map.of(
        "now", in.now(),
        "risk", (long) in.risk(),
        "depth", (long) in.depth(),
        "callerRoles", in.callerRoles(),
        "parent", in.parent(),
        "peer", in.peer());
    return Map.of("request", request, "context", context);
  }
}
