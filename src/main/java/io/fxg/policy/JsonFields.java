package io.fxg.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** Typed, path-naming reads of JSON tree fields for {@link BundleParser}. */
final class JsonFields {
  private static final int MAX_ECHO = 80;

  private JsonFields() {}

  /** Refuses anything but an object, and any field outside {@code allowed}. */
  static void requireObject(JsonNode node, String path, Set<String> allowed)
      throws PolicyException {
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

  static JsonNode required(JsonNode parent, String field, String path) throws PolicyException {
    JsonNode value = parent.get(field);
    if (value == null) {
      throw new PolicyException(path, "is required");
    }
    return value;
  }

  static String text(JsonNode parent, String field, String path) throws PolicyException {
    return asText(required(parent, field, path), path);
  }

  static String asText(JsonNode node, String path) throws PolicyException {
    if (!node.isTextual()) {
      throw new PolicyException(path, "must be a string");
    }
    return node.textValue();
  }

  /** An integral JSON number in {@code [min, max]}; {@code 60.0} and {@code "60"} are refused. */
  static long integer(JsonNode parent, String field, String path, long min, long max)
      throws PolicyException {
    JsonNode node = required(parent, field, path);
    if (!node.isIntegralNumber() || !node.canConvertToLong()
        || node.longValue() < min || node.longValue() > max) {
      throw new PolicyException(path, "must be an integer between " + min + " and " + max);
    }
    return node.longValue();
  }

  /** A non-empty JSON array of at most {@code max} items; {@code what} names the items. */
  static JsonNode array(JsonNode parent, String field, String path, String what, int max)
      throws PolicyException {
    JsonNode list = required(parent, field, path);
    if (!list.isArray()) {
      throw new PolicyException(path, "must be an array of " + what);
    }
    if (list.size() > max) {
      throw new PolicyException(path, "at most " + max + " " + what + ", got " + list.size());
    }
    return list;
  }

  /** Echoes user text in messages without control characters or unbounded length. */
  static String printable(String text) {
    String clipped = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "…" : text;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }
}
