package io.fxg.environment;

import io.fxg.crypto.Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends signed reports to the gateway with the JDK HTTP client. A response other than 2xx is an
 * {@link IOException} naming the status, so the caller sees a refused report as a failure.
 */
public final class ReportClient implements ReportSink {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final ReportSigner signer;
  private final HttpClient http;
  private final Duration timeout;

  public ReportClient(ReportSigner signer, HttpClient http, Duration timeout) {
    this.signer = signer;
    this.http = http;
    this.timeout = timeout;
  }

  /** A client posting to {@code gateway} with its own HTTP client. */
  public static ReportClient create(URI gateway, Signer environmentKey, Clock clock) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build();
    return new ReportClient(
        new ReportSigner(gateway, environmentKey, clock), http, DEFAULT_TIMEOUT);
  }

  @Override
  public void report(String executionId, Report report) throws IOException, InterruptedException {
    ReportSigner.SignedReport signed = signer.sign(executionId, report);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(signed.uri())
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String body = response.body();
      throw new IOException(
          "gateway refused report "
              + report.seq()
              + " of "
              + executionId
              + ": "
              + response.statusCode()
              + " "
              + body.substring(0, Math.min(body.length(), 200)));
    }
  }
}
