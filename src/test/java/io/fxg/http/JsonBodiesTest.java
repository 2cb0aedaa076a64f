package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Strict request bodies: the shrunk examples the HTTP fuzzer found (docs/reliability.md, Fuzzing). */
class JsonBodiesTest {
  static ProblemException refusal(String body, Class<?> type) {
    return assertThrows(ProblemException.class, () -> JsonBodies.read(body.getBytes(StandardCharsets.UTF_8), type));
  }

  @Test
  void read_memberNestedBeyondLimit_is400NamingTheMember() {
    ProblemException refused = refusal("{\"parameters\":" + "[".repeat(1001) + "]".repeat(1001) + "}", SubmitRequest.class);
    assertEquals(400, refused.status());
    assertEquals("parameters[0][0][0][0][0][0][0]", refused.field());
  }

  /** Found by the fuzzer: the field was "body" (guards for the other limits follow). */
  @Test
  void read_numberBeyondLengthLimit_is400NamingTheMember() {
    assertEquals("seq", refusal("{\"seq\":" + "9".repeat(1200) + "}", ReportRequest.class).field());
  }

  @Test
  void read_numberOutOfRangeForItsType_is400NamingTheMember() {
    assertEquals("seq", refusal("{\"seq\":9223372036854775808}", ReportRequest.class).field());
    assertEquals("maxDurationSeconds", refusal("{\"maxDurationSeconds\":2147483648}", SubmitRequest.class).field());
  }

  /** Found by the fuzzer: the journal write of such a string failed and the submission answered 503. */
  @Test
  void read_loneSurrogateInAStringOrName_is400NamingTheMember() {
    assertEquals("resource", refusal("{\"resource\":\"\\uDEC0x\"}", SubmitRequest.class).field());
    assertEquals("parameters.a[1]", refusal("{\"parameters\":{\"a\":[\"ok\",\"\\uD800\"]}}", SubmitRequest.class).field());
    assertEquals("error", refusal("{\"seq\":1,\"error\":\"\\uDC00\"}", ReportRequest.class).field());
    // A lone high surrogate in a name already fails Jackson's byte parser: malformed JSON.
    assertEquals("body", refusal("{\"parameters\":{\"\\uD800\":1}}", SubmitRequest.class).field());
  }

  /**
   * Found by the fuzzer (seed 8826898295640136436): a number beyond the double range reads as
   * infinite, JCS cannot encode it, the entity failed hashing the parameters and the submit answered
   * 503.
   */
  @Test
  void read_numberBeyondTheDoubleRange_is400NamingTheMember() {
    assertEquals("parameters.amount", refusal("{\"parameters\":{\"amount\":1e400}}", SubmitRequest.class).field());
    assertEquals("parameters.a[1].b", refusal("{\"parameters\":{\"a\":[1,{\"b\":-1E999}]}}", SubmitRequest.class).field());
    assertEquals("result", refusal("{\"seq\":1,\"status\":\"completed\",\"result\":2e308}", ReportRequest.class).field());
  }

  @Test
  void read_largeButFiniteNumbers_areAccepted() {
    SubmitRequest request = JsonBodies.read("{\"parameters\":{\"a\":1.7e308,\"b\":123456789012345678901234567890}}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), SubmitRequest.class);
    assertEquals(1.7e308, request.parameters().get("a").asDouble());
  }

  @Test
  void read_surrogatePair_isAccepted() {
    assertEquals("\uD83D\uDE00", JsonBodies.read("{\"resource\":\"\\uD83D\\uDE00\"}".getBytes(StandardCharsets.UTF_8),
        SubmitRequest.class).resource());
  }

  @Test
  void read_malformedJson_isStill400NamingTheBody() {
    assertEquals("body", refusal("{\"seq\":", ReportRequest.class).field());
  }
}
