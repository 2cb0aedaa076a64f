package io.fxg.http;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admission control on a real node: one submission in progress at most, the next refused at once. */
class AdmissionRoutesTest {
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().stubbed().config("fxg.http.max-pending-submissions = 1").build();
  static final String REPORT = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"report.generate\",\"resource\":\"reports/2026-11\"}";
  static final String INVOICE = REPORT.replace("report.generate", "invoice.create").replace("reports/", "invoices/");

  @Test
  void aSubmissionInProgress_makesTheNextOneWait503_untilItIsAnswered() {
    // An asynchronous execution stays running: "Prefer: wait=3" holds its submit request for 3 s.
    CompletableFuture<HttpResponse<String>> holding = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.node().httpPort() + "/v1/executions"))
            .header("Content-Type", "application/json").header("Fxg-Test-Caller", CALLER).header("Prefer", "wait=3")
            .POST(HttpRequest.BodyPublishers.ofString(REPORT)).build(),
        HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> refused = await().atMost(Duration.ofSeconds(3)).until(
        () -> gateway.http().post("/v1/executions", INVOICE, "Fxg-Test-Caller", CALLER), r -> r.statusCode() == 503);
    assertTrue(refused.body().contains("urn:fxg:problem:overloaded"), refused.body());
    assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(!holding.isDone(), "refused while the first submission was still in progress");

    assertEquals(202, holding.join().statusCode(), "answered when the wait ended, still running");
    assertEquals(202, gateway.http().post("/v1/executions", INVOICE, "Fxg-Test-Caller", CALLER).statusCode());
  }
}
