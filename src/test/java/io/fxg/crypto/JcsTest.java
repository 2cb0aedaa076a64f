package io.fxg.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Jcs} against RFC 8785's own examples and, on random trees, against the reference implementation. */
class JcsTest {

  static String jcs(String json) throws IOException {
    return new String(Jcs.canonicalize(Json.parse(json)), StandardCharsets.UTF_8);
  }

  @Test
  void rfc8785_section3_2_4_example() throws IOException {
    String input = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
        + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
        + " \"literals\": [null, true, false]}";
    assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", jcs(input));
  }

  @Test
  void rfc8785_section3_2_3_sortsByUtf16CodeUnits() throws IOException {
    String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
        + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
        + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
    JsonNode sorted = Json.parse(jcs(input));
    java.util.List<String> names = new java.util.ArrayList<>();
    sorted.fieldNames().forEachRemaining(names::add);
    assertEquals(java.util.List.of("\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"), names);
  }

  @Test
  void rfc8785_appendixB_numbers() throws IOException {
    Map<String, String> vectors = Map.ofEntries(
        Map.entry("0", "0"), Map.entry("-0", "0"), Map.entry("1e-7", "1e-7"), Map.entry("1e21", "1e+21"),
        Map.entry("1e20", "100000000000000000000"), Map.entry("9007199254740992", "9007199254740992"),
        Map.entry("9007199254740993", "9007199254740992"), Map.entry("295147905179352830000", "295147905179352830000"),
        Map.entry("4.294967295e9", "4294967295"), Map.entry("5e-324", "5e-324"),
        Map.entry("1.7976931348623157e308", "1.7976931348623157e+308"), Map.entry("0.1", "0.1"),
        Map.entry("-1.5", "-1.5"), Map.entry("333333333.3333332", "333333333.3333332"));
    vectors.forEach((in, out) -> {
      try {
        assertEquals("[" + out + "]", jcs("[" + in + "]"), in);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void randomTrees_matchTheReferenceImplementation() {
    Random random = new Random(7);
    for (int n = 0; n < 2000; n++) {
      ObjectNode tree = randomObject(random, 0);
      assertArrayEquals(Jcs.canonicalizeText(Json.write(tree)), Jcs.canonicalize(tree), Json.write(tree));
    }
  }

  @Test
  void records_matchTheReferenceImplementation() {
    record Sample(String name, long count, double ratio, Map<String, Object> extra) {}
    Sample sample = new Sample("é\u2028\"x\"", 1L << 60, 0.1 + 0.2, Map.of("z", 1, "a", java.util.List.of(true, "\ud800")));
    assertArrayEquals(Jcs.canonicalizeText(Json.write(sample)), Jcs.canonicalize(sample));
  }

  @Test
  void topLevelScalars_andFloats_matchTheReferenceOverAnArray() {
    for (Object scalar : new Object[] {"\ud800x", "plain", 42L, 0.1f, 1.5, true}) {
      byte[] reference = Jcs.canonicalizeText("[" + Json.write(scalar) + "]");
      assertEquals(new String(reference, 1, reference.length - 2, StandardCharsets.UTF_8),
          new String(Jcs.canonicalize(scalar), StandardCharsets.UTF_8), String.valueOf(scalar));
    }
    assertEquals("{\"f\":0.1}", new String(Jcs.canonicalize(Map.of("f", 0.1f)), StandardCharsets.UTF_8));
  }

  static final String ALPHABET = "aZ09 _-\"\\\u0000\u001f\u007f\u0080é€日\u2028\ud83d\ude00\ud800";

  static ObjectNode randomObject(Random random, int depth) {
    ObjectNode node = Json.object();
    for (int i = random.nextInt(5); i > 0; i--) {
      String name = text(random);
      switch (random.nextInt(depth < 3 ? 8 : 6)) {
        case 0 -> node.put(name, text(random));
        case 1 -> node.put(name, random.nextLong() >> random.nextInt(64));
        case 2 -> node.put(name, random.nextDouble() * Math.pow(10, random.nextInt(60) - 30));
        case 3 -> node.put(name, new java.math.BigDecimal(random.nextInt(100000)).movePointLeft(random.nextInt(8)));
        case 4 -> node.put(name, random.nextBoolean());
        case 5 -> node.putNull(name);
        case 6 -> node.set(name, randomObject(random, depth + 1));
        default -> {
          ArrayNode array = node.putArray(name);
          for (int j = random.nextInt(4); j > 0; j--) {
            array.add(randomObject(random, depth + 1));
          }
        }
      }
    }
    return node;
  }

  static String text(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
