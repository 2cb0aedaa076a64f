package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.environment.AttestationSigner;
import io.fxg.environment.Measurements;
import io.fxg.serialization.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code POST /fxg/attest {"nonce"}}: the DSSE attestation of the fxg target contract. */
final class AttestServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient AttestationSigner signer;
  private final transient Measurements measurements;

  AttestServlet(AttestationSigner signer, Measurements measurements) {
    this.signer = signer;
    this.measurements = measurements;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonNode body;
    try {
      body = Json.parse(request.getInputStream().readAllBytes());
    } catch (IOException e) {
      body = null;
    }
    String nonce = body == null ? "" : body.path("nonce").asText("");
    if (body == null || body.size() != 1 || !nonce.matches("[A-Za-z0-9_-]{43}")) {
      GatewayRequestFilter.problem(response, 400, "bad-request", "the body must be {\"nonce\": \"<b64url, 32 bytes>\"}");
      return;
    }
    response.setStatus(200);
    response.setContentType("application/json");
    response.getOutputStream().write(Json.writeBytes(signer.attest(nonce, measurements.snapshot())));
  }
}
