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
    assertEquals("parameters", refused.field());
  }

  @Test
  void read_numberBeyondLengthLimit_is400NamingTheMember() {
    assertEquals("seq", refusal("{\"seq\":" + "9".repeat(1200) + "}", ReportRequest.class).field());
  }

  @Test
  void read_numberOutOfRangeForItsType_is400NamingTheMember() {
    assertEquals("seq", refusal("{\"seq\":9223372036854775808}", ReportRequest.class).field());
    assertEquals("maxDurationSeconds", refusal("{\"maxDurationSeconds\":2147483648}", SubmitRequest.class).field());
  }

  @Test
  void read_malformedJson_isStill400NamingTheBody() {
    assertEquals("body", refusal("{\"seq\":", ReportRequest.class).field());
  }
}
