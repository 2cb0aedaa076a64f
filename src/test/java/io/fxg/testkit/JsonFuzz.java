package io.fxg.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generators ({@link Gen}) of request bodies: generated JSON (wrong types, missing and extra members,
 * huge strings, arrays and numbers, deep nesting, unicode, nulls) and mutations of a valid body
 * (one member replaced or removed or one added; the bytes truncated, flipped, inserted or deleted).
 */
public final class JsonFuzz {
  private static final String MARK = "\u0001fuzz-mark\u0001";
  /** Writes every non-ASCII character as an escape, so lone surrogates reach the server intact. */
  private static final com.fasterxml.jackson.databind.ObjectMapper ESCAPING = com.fasterxml.jackson.databind.json.JsonMapper
      .builder().enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final String QUOTED_MARK = write(MARK);

  private JsonFuzz() {}

  /**
   * One body to send. {@code member} is the path of the member a one-member mutation changed, in
   * the problem {@code field} notation ({@code target.domain}, {@code rules[1].condition}), else null.
   */
  public record Body(String kind, String member, byte[] bytes) {
    @Override
    public String toString() {
      String text = new String(bytes, StandardCharsets.UTF_8);
      return kind + (member == null ? "" : " " + member) + " (" + bytes.length + " bytes): "
          + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }

  /** Generated, member-mutated and byte-mutated bodies around {@code valid}, roughly a third each. */
  public static Gen<Body> bodies(String valid) {
    JsonNode base = parse(valid);
    return Gen.frequency(
        Gen.weight(3, generated(base)),
        Gen.weight(4, oneMember(base)),
        Gen.weight(3, bytesMutated(valid.getBytes(StandardCharsets.UTF_8))));
  }

  /** Any JSON text: mostly objects using the valid body's member names, sometimes other values. */
  static Gen<Body> generated(JsonNode base) {
    List<String> names = new ArrayList<>();
    collectNames(base, names);
    Gen<String> name = Gen.oneOf(Gen.elements(names), strings(12));
    Gen<String> value = value(3);
    Gen<String> member = r -> {
      String n = name.next(r);
      return write(n) + ":" + value.next(r);
    };
    Gen<String> object = member.list(0, 8).map(members -> "{" + String.join(",", members) + "}");
    return Gen.<String>frequency(Gen.weight(6, object), Gen.weight(1, value), Gen.weight(1, deepNesting()))
        .map(text -> new Body("generated", null, text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The valid body with one member replaced by any value, removed, or with a sibling added. */
  static Gen<Body> oneMember(JsonNode base) {
    List<String> paths = new ArrayList<>();
    JsonPaths.collect(base, "", paths);
    Gen<String> path = Gen.elements(paths);
    Gen<String> anyValue = Gen.oneOf(value(3), deepNesting());
    Gen<Body> replaced = r -> {
      String at = path.next(r);
      String value = anyValue.next(r);
      JsonNode copy = base.deepCopy();
      JsonPaths.set(copy, at, Json.mapper().getNodeFactory().textNode(MARK));
      String text = write(copy).replace(QUOTED_MARK, value);
      return new Body("replaced", at, text.getBytes(StandardCharsets.UTF_8));
    };
    Gen<Body> removed = path.map(at -> {
      JsonNode copy = base.deepCopy();
      JsonPaths.remove(copy, at);
      return new Body("removed", at, write(copy).getBytes(StandardCharsets.UTF_8));
    });
    List<String> objects = new ArrayList<>(List.of(""));
    paths.stream().filter(p -> JsonPaths.at(base, p).isObject()).forEach(objects::add);
    Gen<String> parents = Gen.elements(objects);
    Gen<String> extras = strings(20).filter(n -> !n.isEmpty());
    Gen<String> addedValue = value(2);
    Gen<Body> added = r -> {
      String parent = parents.next(r);
      String extra = extras.next(r);
      String value = addedValue.next(r);
      JsonNode copy = base.deepCopy();
      if (JsonPaths.at(copy, parent).has(extra)) {
        return new Body("unchanged", null, write(copy).getBytes(StandardCharsets.UTF_8));
      }
      ((ObjectNode) JsonPaths.at(copy, parent)).put(extra, MARK);
      String member = parent.isEmpty() ? extra : parent + "." + extra;
      return new Body("added", member, write(copy).replace(QUOTED_MARK, value).getBytes(StandardCharsets.UTF_8));
    };
    return Gen.frequency(Gen.weight(6, replaced), Gen.weight(2, removed), Gen.weight(2, added));
  }

  /** The valid bytes truncated, with one bit flipped, a byte inserted or deleted, or a slice repeated. */
  static Gen<Body> bytesMutated(byte[] valid) {
    Gen<Integer> at = Gen.ints(0, valid.length - 1);
    Gen<Integer> bits = Gen.ints(0, 7);
    Gen<Byte> bytes = Gen.bytes();
    Gen<Body> truncated = at.map(n -> new Body("truncated", null, Arrays.copyOf(valid, n)));
    Gen<Body> flipped = r -> {
      int n = at.next(r);
      int bit = bits.next(r);
      byte[] copy = valid.clone();
      copy[n] ^= (byte) (1 << bit);
      return new Body("bit-flipped", null, copy);
    };
    Gen<Body> inserted = r -> {
      int n = at.next(r);
      byte b = bytes.next(r);
      byte[] copy = new byte[valid.length + 1];
      System.arraycopy(valid, 0, copy, 0, n);
      copy[n] = b;
      System.arraycopy(valid, n, copy, n + 1, valid.length - n);
      return new Body("byte-inserted", null, copy);
    };
    Gen<Body> deleted = at.map(n -> {
      byte[] copy = new byte[valid.length - 1];
      System.arraycopy(valid, 0, copy, 0, n);
      System.arraycopy(valid, n + 1, copy, n, valid.length - n - 1);
      return new Body("byte-deleted", null, copy);
    });
    Gen<Body> repeated = r -> {
      int a = at.next(r);
      int b = at.next(r);
      int from = Math.min(a, b);
      int to = Math.max(a, b);
      byte[] copy = new byte[valid.length + (to - from)];
      System.arraycopy(valid, 0, copy, 0, to);
      System.arraycopy(valid, from, copy, to, valid.length - from);
      return new Body("slice-repeated", null, copy);
    };
    return Gen.oneOf(truncated, flipped, inserted, deleted, repeated);
  }

  /** JSON text of any value, nested at most {@code depth} containers deep. */
  public static Gen<String> value(int depth) {
    Gen<String> scalar = Gen.frequency(
        Gen.weight(3, Gen.of("null", "true", "false", "0", "-0", "-1", "0.5", "1e999999", "-1E-400", "1.0e+308",
            "9223372036854775808", "-9223372036854775809", "2147483648", "1" + "0".repeat(60), "9".repeat(1200))),
        Gen.weight(2, Gen.ints().map(String::valueOf)),
        Gen.weight(1, Gen.longs().map(String::valueOf)),
        Gen.weight(1, Gen.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "0")),
        Gen.weight(1, Gen.bigIntegers(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
            .map(String::valueOf)),
        Gen.weight(8, strings(40).map(JsonFuzz::write)),
        Gen.weight(1, hugeString().map(JsonFuzz::write)));
    if (depth <= 0) {
      return scalar;
    }
    Gen<String> inner = value(depth - 1);
    Gen<String> array = inner.list(0, 5).map(items -> "[" + String.join(",", items) + "]");
    Gen<String> hugeArray = Gen.ints(1_000, 120_000).map(n -> "[" + "0,".repeat(n) + "0]");
    Gen<String> keys = strings(10);
    Gen<String> member = r -> {
      String k = keys.next(r);
      return write(k) + ":" + inner.next(r);
    };
    Gen<String> object = member.list(0, 5).map(members -> "{" + String.join(",", members) + "}");
    return Gen.frequency(Gen.weight(12, scalar), Gen.weight(4, array), Gen.weight(4, object), Gen.weight(1, hugeArray));
  }

  /** Arrays or objects nested 17 (one past the parameters limit) to 5,000 deep. */
  public static Gen<String> deepNesting() {
    Gen<Integer> depth = Gen.ints(17, 5_000);
    Gen<Boolean> arrays = Gen.of(true, false);
    return r -> {
      int n = depth.next(r);
      return arrays.next(r) ? "[".repeat(n) + "]".repeat(n) : "{\"a\":".repeat(n) + "1" + "}".repeat(n);
    };
  }

  /**
   * Strings of any UTF-16 units (lone surrogates, controls, NUL), or of a few telling values
   * (never a key id of the fixture's own callers: a fuzzed revocation would lock them out).
   */
  public static Gen<String> strings(int maxLength) {
    return Gen.oneOf(
        Gen.strings(Gen.anyChar(), 0, maxLength),
        Gen.strings(Gen.range('\u0000', '\u001f') + "\u007f\u2028\ufeff", 0, maxLength),
        Gen.strings(Gen.range('a', 'z') + ".-/_09", 1, maxLength),
        Gen.of("", " ", "admin", "admin/root", "fuzz", "fuzzed/agent-1", "env-1", "..", "../../etc/passwd",
            "\u0000", "\ud800", "\udc00x", "\ud83d\ude00", "%00", "<script>", "key", "artifact", "environment",
            "running", "completed", "failed", "permit", "forbid", "true", "sha256:" + "ab".repeat(32)));
  }

  /** Strings from 1 KiB to beyond the 1 MiB body limit. */
  static Gen<String> hugeString() {
    return Gen.ints(1_000, 1_200_000).map("x"::repeat);
  }

  private static void collectNames(JsonNode node, List<String> names) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    }
    node.forEach(child -> collectNames(child, names));
  }

  private static final java.util.regex.Pattern LONE_SURROGATE = java.util.regex.Pattern.compile(
      "\\\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\\\u[dD][c-fC-F])|(?<![dD][89abAB][0-9a-fA-F]{2})\\\\u[dD][c-fC-F][0-9a-fA-F]{2}");

  /** Whether the text holds an escaped UTF-16 surrogate without its partner. */
  public static boolean hasLoneSurrogateEscape(String text) {
    return LONE_SURROGATE.matcher(text).find();
  }

  /** Whether some object in the JSON text repeats a member name (the readers refuse the whole body). */
  public static boolean hasDuplicateNames(byte[] json) {
    try {
      Json.mapper().reader().with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(json);
      return false;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("Duplicate field");
    }
  }

  /** JSON text with non-ASCII escaped. */
  public static String write(Object value) {
    try {
      return ESCAPING.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return Json.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
