package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cel.common.values.NullValue;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs are validated and their parameters put in the form CEL compares. */
class DecisionInputTest {

  @Test
  void build_javaParameters_areNormalizedAndImmutable() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("i", 7);
    raw.put("f", 1.5f);
    raw.put("big", new BigInteger("123456789012345678901234567890"));
    raw.put("none", null);
    raw.put("list", Arrays.asList(1, "a", null));
    raw.put("nested", Map.of("n", (short) 2));
    DecisionInput input = TestBundles.request().parameters(raw).build();
    Map<String, Object> p = input.parameters();
    assertEquals(7L, p.get("i"));
    assertEquals(1.5d, p.get("f"));
    assertEquals(1.2345678901234568e29, p.get("big"));
    assertEquals(NullValue.NULL_VALUE, p.get("none"));
    assertEquals(List.of(1L, "a", NullValue.NULL_VALUE), p.get("list"));
    assertEquals(Map.of("n", 2L), p.get("nested"));
    raw.put("i", 8);
    assertEquals(7L, input.parameters().get("i"));
    assertThrows(UnsupportedOperationException.class, () -> input.parameters().put("x", 1L));
  }

  @Test
  void build_jsonParameters_intsAreLongsAndDecimalsDoubles() {
    DecisionInput input = TestBundles.request()
        .parametersJson(PolicyCompilerTest.json("{\"a\": 250, \"b\": 250.0, \"c\": [true, null]}"))
        .build();
    assertEquals(250L, input.parameters().get("a"));
    assertEquals(250.0d, input.parameters().get("b"));
    assertEquals(List.of(true, NullValue.NULL_VALUE), input.parameters().get("c"));
  }

  @Test
  void build_outOfRangeOrMissing_isRefused() {
    assertEquals("risk must be between 0 and 100, got 101",
        assertThrows(IllegalArgumentException.class, () -> TestBundles.request().risk(101).build())
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> TestBundles.request().risk(-1).build());
    assertThrows(IllegalArgumentException.class, () -> TestBundles.request().depth(-1).build());
    assertThrows(NullPointerException.class, () -> TestBundles.request().action(null).build());
    assertThrows(IllegalArgumentException.class,
        () -> TestBundles.request().parametersJson(PolicyCompilerTest.json("{}").arrayNode()).build());
    assertThrows(IllegalArgumentException.class,
        () -> TestBundles.request().parameters(Map.of("when", new Object())).build());
  }

  @Test
  void build_nullParent_isEmpty() {
    assertEquals("", TestBundles.request().parent(null).build().parent());
  }
}
