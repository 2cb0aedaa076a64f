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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of request bodies: generated JSON (wrong types, missing and extra members,
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
  public static Arbitrary<Body> bodies(String valid) {
    JsonNode base = parse(valid);
    return Arbitraries.frequencyOf(
        Tuple.of(3, generated(base)),
        Tuple.of(4, oneMember(base)),
        Tuple.of(3, bytesMutated(valid.getBytes(StandardCharsets.UTF_8))));
  }

  /** Any JSON text: mostly objects using the valid body's member names, sometimes other values. */
  static Arbitrary<Body> generated(JsonNode base) {
    List<String> names = new ArrayList<>();
    collectNames(base, names);
    Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(names), strings(12));
    Arbitrary<String> object = Combinators.combine(name, value(3)).as((n, v) -> write(n) + ":" + v)
        .list().ofMaxSize(8).map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.frequencyOf(Tuple.of(6, object), Tuple.of(1, value(3)), Tuple.of(1, deepNesting()))
        .map(text -> new Body("generated", null, text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The valid body with one member replaced by any value, removed, or with a sibling added. */
  static Arbitrary<Body> oneMember(JsonNode base) {
    List<String> paths = new ArrayList<>();
    JsonPaths.collect(base, "", paths);
    Arbitrary<Body> replaced = Combinators.combine(Arbitraries.of(paths), Arbitraries.oneOf(value(3), deepNesting()))
        .as((path, value) -> {
          JsonNode copy = base.deepCopy();
          JsonPaths.set(copy, path, Json.mapper().getNodeFactory().textNode(MARK));
          String text = write(copy).replace(QUOTED_MARK, value);
          return new Body("replaced", path, text.getBytes(StandardCharsets.UTF_8));
        });
    Arbitrary<Body> removed = Arbitraries.of(paths).map(path -> {
      JsonNode copy = base.deepCopy();
      JsonPaths.remove(copy, path);
      return new Body("removed", path, write(copy).getBytes(StandardCharsets.UTF_8));
    });
    List<String> objects = new ArrayList<>(List.of(""));
    paths.stream().filter(p -> JsonPaths.at(base, p).isObject()).forEach(objects::add);
    Arbitrary<Body> added = Combinators.combine(Arbitraries.of(objects), strings(20).filter(n -> !n.isEmpty()), value(2))
        .as((parent, extra, value) -> {
          JsonNode copy = base.deepCopy();
          if (JsonPaths.at(copy, parent).has(extra)) {
            return new Body("unchanged", null, write(copy).getBytes(StandardCharsets.UTF_8));
          }
          ((ObjectNode) JsonPaths.at(copy, parent)).put(extra, MARK);
          String member = parent.isEmpty() ? extra : parent + "." + extra;
          return new Body("added", member, write(copy).replace(QUOTED_MARK, value).getBytes(StandardCharsets.UTF_8));
        });
    return Arbitraries.frequencyOf(Tuple.of(6, replaced), Tuple.of(2, removed), Tuple.of(2, added));
  }

  /** The valid bytes truncated, with one bit flipped, a byte inserted or deleted, or a slice repeated. */
  static Arbitrary<Body> bytesMutated(byte[] valid) {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length - 1);
    Arbitrary<Body> truncated = at.map(n -> new Body("truncated", null, Arrays.copyOf(valid, n)));
    Arbitrary<Body> flipped = Combinators.combine(at, Arbitraries.integers().between(0, 7)).as((n, bit) -> {
      byte[] copy = valid.clone();
      copy[n] ^= (byte) (1 << bit);
      return new Body("bit-flipped", null, copy);
    });
    Arbitrary<Body> inserted = Combinators.combine(at, Arbitraries.bytes()).as((n, b) -> {
      byte[] copy = new byte[valid.length + 1];
      System.arraycopy(valid, 0, copy, 0, n);
      copy[n] = b;
      System.arraycopy(valid, n, copy, n + 1, valid.length - n);
      return new Body("byte-inserted", null, copy);
    });
    Arbitrary<Body> deleted = at.map(n -> {
      byte[] copy = new byte[valid.length - 1];
      System.arraycopy(valid, 0, copy, 0, n);
      System.arraycopy(valid, n + 1, copy, n, valid.length - n - 1);
      return new Body("byte-deleted", null, copy);
    });
    Arbitrary<Body> repeated = Combinators.combine(at, at).as((a, b) -> {
      int from = Math.min(a, b);
      int to = Math.max(a, b);
      byte[] copy = new byte[valid.length + (to - from)];
      System.arraycopy(valid, 0, copy, 0, to);
      System.arraycopy(valid, from, copy, to, valid.length - from);
      return new Body("slice-repeated", null, copy);
    });
    return Arbitraries.oneOf(truncated, flipped, inserted, deleted, repeated);
  }

  /** JSON text of any value, nested at most {@code depth} containers deep. */
  public static Arbitrary<String> value(int depth) {
    Arbitrary<String> scalar = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("null", "true", "false", "0", "-0", "-1", "0.5", "1e999999", "-1E-400", "1.0e+308",
            "9223372036854775808", "-9223372036854775809", "2147483648", "1" + "0".repeat(60), "9".repeat(1200))),
        Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
        Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
        Tuple.of(1, Arbitraries.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "0")),
        Tuple.of(1, Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
            .map(String::valueOf)),
        Tuple.of(8, strings(40).map(JsonFuzz::write)),
        Tuple.of(1, hugeString().map(JsonFuzz::write)));
    if (depth <= 0) {
      return scalar;
    }
    Arbitrary<String> array = value(depth - 1).list().ofMaxSize(5).map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> hugeArray = Arbitraries.integers().between(1_000, 120_000).map(n -> "[" + "0,".repeat(n) + "0]");
    Arbitrary<String> object = Combinators.combine(strings(10), value(depth - 1)).as((k, v) -> write(k) + ":" + v)
        .list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.frequencyOf(Tuple.of(12, scalar), Tuple.of(4, array), Tuple.of(4, object), Tuple.of(1, hugeArray));
  }

  /** Arrays or objects nested 17 (one past the parameters limit) to 5,000 deep. */
  public static Arbitrary<String> deepNesting() {
    return Combinators.combine(Arbitraries.integers().between(17, 5_000), Arbitraries.of(true, false))
        .as((n, arrays) -> arrays ? "[".repeat(n) + "]".repeat(n) : "{\"a\":".repeat(n) + "1" + "}".repeat(n));
  }

  /**
   * Strings of any UTF-16 units (lone surrogates, controls, NUL), or of a few telling values
   * (never a key id of the fixture's own callers: a fuzzed revocation would lock them out).
   */
  public static Arbitrary<String> strings(int maxLength) {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(maxLength),
        Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f', '\u2028', '\ufeff').ofMaxLength(maxLength),
        Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-', '/', '_', '0', '9').ofMinLength(1).ofMaxLength(maxLength),
        Arbitraries.of("", " ", "admin", "admin/root", "fuzz", "fuzzed/agent-1", "env-1", "..", "../../etc/passwd",
            "\u0000", "\ud800", "\udc00x", "\ud83d\ude00", "%00", "<script>", "key", "artifact", "environment",
            "running", "completed", "failed", "permit", "forbid", "true", "sha256:" + "ab".repeat(32)));
  }

  /** Strings from 1 KiB to beyond the 1 MiB body limit. */
  static Arbitrary<String> hugeString() {
    return Arbitraries.integers().between(1_000, 1_200_000).map("x"::repeat);
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
