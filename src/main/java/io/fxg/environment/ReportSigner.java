package io.fxg.environment;

import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignatureHeaders;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the signed report request {@code POST {gateway}/v1/executions/{id}/reports}: the report
 * JSON as body, RFC 9421-signed with the environment key (keyid {@code DOMAIN/ENVIRONMENT}),
 * covering method, path and Content-Digest.
 */
public final class ReportSigner {
  private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

  /** A request ready to send: where, what, and every header to set. */
  public record SignedReport(URI uri, byte[] body, Map<String, String> headers) {}

  private final URI gateway;
  private final MessageSigner signer;

  public ReportSigner(URI gateway, Signer environmentKey, Clock clock) {
    this.gateway = gateway;
    this.signer = MessageSigner.create(environmentKey, clock);
  }

  public SignedReport sign(String executionId, Report report) {
    if (!EXECUTION_ID.matcher(executionId).matches()) {
      throw new IllegalArgumentException("execution id is not URL-safe: " + executionId);
    }
    String base = gateway.toString().replaceAll("/+$", "");
    URI uri = URI.create(base + "/v1/executions/" + executionId + "/reports");
    byte[] body = Json.writeBytes(report.toJson());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    SignatureHeaders signature =
        signer.sign(
            SignedRequestView.of(
                "POST", uri, Map.of("content-type", List.of("application/json")), body));
    headers.putAll(signature.asMap());
    return new SignedReport(uri, body, Map.copyOf(headers));
  }
}
