package io.fxg.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.InMemoryNonceRegistry;
import io.fxg.httpsig.KeyResolver;
import io.fxg.httpsig.MessageVerifier;
import io.fxg.httpsig.SignatureInput;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.Verification;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed reports: the request ReportSigner builds, and ReportClient against a gateway double. */
class ReportClientTest {
  static final String ENV = "acme/billing-prod";
  final Signer envKey = Jwk.generate(ENV).signer().orElseThrow();

  @Test
  void sign_report_isASignedPostOfTheReportJson() throws Exception {
    ReportSigner signer =
        new ReportSigner(URI.create("https://gw.example/base/"), envKey, Clock.systemUTC());
    Report report = new Report(3, Report.Status.FAILED, List.of(), null, "disk full");
    ReportSigner.SignedReport signed = signer.sign("exec-1", report);
    assertEquals(URI.create("https://gw.example/base/v1/executions/exec-1/reports"), signed.uri());
    assertEquals(
        "{\"seq\":3,\"status\":\"failed\",\"actions\":[],\"error\":\"disk full\"}",
        new String(signed.body()));
    SignatureInput input =
        SignatureInput.parseField(signed.headers().get("Signature-Input")).get("sig1");
    assertEquals(List.of("@method", "@path", "content-digest"), input.components());
    assertEquals(ENV, input.keyId().orElseThrow());

    Map<String, List<String>> headers = new java.util.HashMap<>();
    signed.headers().forEach((name, value) -> headers.put(name, List.of(value)));
    MessageVerifier verifier =
        MessageVerifier.create(
            KeyResolver.of(Map.of(ENV, envKey.publicKey())),
            InMemoryNonceRegistry.create(Clock.systemUTC()),
            Clock.systemUTC());
    Verification verification =
        verifier.verify(
            SignedRequestView.of("POST", signed.uri().getRawPath(), null, headers, signed.body()));
    assertInstanceOf(Verification.Verified.class, verification);
  }

  @Test
  void sign_executionIdNotUrlSafe_isRefused() {
    ReportSigner signer = new ReportSigner(URI.create("http://gw"), envKey, Clock.systemUTC());
    assertThrows(
        IllegalArgumentException.class,
        () -> signer.sign("../admin", new Report(1, Report.Status.RUNNING, List.of(), null, null)));
  }

  @Test
  void report_acceptedByGateway_arrivesVerified() throws Exception {
    try (GatewayDouble gateway = new GatewayDouble(ENV, envKey.publicKey())) {
      ReportClient client = ReportClient.create(gateway.uri(), envKey, Clock.systemUTC());
      JsonNode result = Json.object().put("ok", true);
      client.report(
          "exec-9",
          new Report(
              1,
              Report.Status.COMPLETED,
              List.of(new ActionRef("invoice.create", "invoices/1")),
              result,
              null));
      JsonNode received = gateway.reports.peek();
      assertEquals("completed", received.get("status").asText());
      assertEquals("invoices/1", received.at("/actions/0/resource").asText());
    }
  }

  @Test
  void report_refusedByGateway_isAnIOExceptionNamingTheStatus() throws Exception {
    Signer otherKey = Jwk.generate(ENV).signer().orElseThrow();
    try (GatewayDouble gateway = new GatewayDouble(ENV, otherKey.publicKey())) {
      ReportClient client = ReportClient.create(gateway.uri(), envKey, Clock.systemUTC());
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  client.report(
                      "exec-9", new Report(1, Report.Status.RUNNING, List.of(), null, null)));
      assertTrue(e.getMessage().contains(": 401"), e.getMessage());
      assertEquals("bad-signature", gateway.refusedReports.peek());
    }
  }
}
