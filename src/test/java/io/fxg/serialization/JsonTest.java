package io.fxg.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Json#memberOf}: where a parse broke a limit, found by the HTTP fuzzer (docs/reliability.md). */
class JsonTest {
  static JsonProcessingException failure(String json) {
    return assertThrows(JsonProcessingException.class, () -> Json.parse(json));
  }

  static String memberOf(String json) {
    return Json.memberOf(failure(json), json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void memberOf_nestingBeyondLimitInAMember_namesTheMember() {
    assertEquals("kind[0][0][0][0][0][0][0]", memberOf("{\"kind\":" + "[".repeat(1001) + "]".repeat(1001) + "}"));
    assertEquals("a.b[1][0][0][0][0][0]", memberOf("{\"a\":{\"b\":[0," + "[".repeat(1001) + "]".repeat(1001) + "]}}"));
  }

  @Test
  void memberOf_numberBeyondLengthLimit_namesTheMember() {
    assertEquals("seq", memberOf("{\"seq\":" + "9".repeat(1200) + "}"));
  }

  @Test
  void illFormedUnicodeMember_findsTheFirstLoneSurrogateInANameOrValue() throws Exception {
    assertEquals("a.b[1]", Json.illFormedUnicodeMember(Json.parse("{\"a\":{\"b\":[\"ok\",\"x\\uDC00\"]}}")));
    assertEquals("a.\uD800", Json.illFormedUnicodeMember(Json.parse("{\"a\":{\"\\uD800\":1}}")));
    assertNull(Json.illFormedUnicodeMember(Json.parse("{\"a\":\"\\uD83D\\uDE00\",\"b\":[1,null,true]}")));
  }

  @Test
  void memberOf_malformedJsonOrTopLevel_isNull() {
    assertNull(memberOf("{\"kind\":"));
    assertNull(memberOf("[".repeat(1001) + "]".repeat(1001)));
  }
}
