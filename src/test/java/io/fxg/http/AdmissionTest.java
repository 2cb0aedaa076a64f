package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  @Test
  void beyondTheLimit_refusesWith503AndRetryAfter_untilAnAdmittedSubmissionIsJournaled() {
    Admission admission = new Admission(2);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    admission.admit(() -> first);
    admission.admit(() -> second);

    ProblemException refused = assertThrows(ProblemException.class,
        () -> admission.admit(() -> CompletableFuture.completedFuture("third")));
    assertEquals(503, refused.status());
    assertEquals("overloaded", refused.type());
    HttpResponse response = Problems.of(refused);
    assertEquals("1", response.getHeader("Retry-After").orElseThrow().value());
    assertEquals(2, admission.pending());

    first.complete("journaled");
    assertEquals(1, admission.pending());
    assertTrue(admission.admit(() -> CompletableFuture.completedFuture("third")).toCompletableFuture().isDone());
    assertEquals(1, admission.pending());
  }

  @Test
  void failedOrThrowingSubmissions_releaseTheirPlace() {
    Admission admission = new Admission(1);
    admission.admit(() -> CompletableFuture.failedFuture(new IllegalStateException("journal down")));
    assertEquals(0, admission.pending());
    assertThrows(ProblemException.class, () -> admission.admit(() -> {
      throw ProblemException.badRequest("action", "required");
    }));
    assertEquals(0, admission.pending());
    assertThrows(IllegalArgumentException.class, () -> new Admission(0));
  }
}
