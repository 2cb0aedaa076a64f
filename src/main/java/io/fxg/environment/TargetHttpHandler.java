package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Encoding;
import io.fxg.httpsig.MessageVerifier;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.Verification;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The three contract endpoints. Every call must carry a valid RFC 9421 signature by a gateway key
 * (else {@code 401} with {@code WWW-Authenticate: Signature}); {@code /fxg/execute} additionally
 * needs an artifact that authorizes exactly the requested execution ({@code 401}/{@code 403}).
 */
final class TargetHttpHandler implements HttpHandler {
  static final Set<String> ROUTES = Set.of("/fxg/attest", "/fxg/execute", "/fxg/cancel");
  static final String ARTIFACT_HEADER = "Fxg-Authorization";
  private static final System.Logger LOG = System.getLogger(TargetHttpHandler.class.getName());
  private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
  private static final Pattern NAME = Pattern.compile("[^\\x00-\\x1f]{1,256}");
  private static final Pattern REASON = Pattern.compile("[^\\x00-\\x1f]{0,512}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final TargetEnvironment.Parts parts;
  private final MessageVerifier signatures;
  private final ArtifactVerifier artifacts;
  private final Executions executions;

  TargetHttpHandler(
      TargetEnvironment.Parts parts,
      MessageVerifier signatures,
      ArtifactVerifier artifacts,
      Executions executions) {
    this.parts = parts;
    this.signatures = signatures;
    this.artifacts = artifacts;
    this.executions = executions;
  }

  @Override
  public void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (TargetContractException e) {
        Exchanges.sendProblem(exchange, 400, e.check(), e.detail());
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "request to " + exchange.getRequestURI().getRawPath() + " failed",
            e);
        Exchanges.sendProblem(exchange, 500, "internal", "the target could not handle the request");
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "response not delivered: " + e.getMessage());
    }
  }

  private void route(HttpExchange exchange) throws IOException, TargetContractException {
    String path = exchange.getRequestURI().getRawPath();
    if (!ROUTES.contains(path)) {
      Exchanges.sendProblem(exchange, 404, "not-found", "no endpoint " + path);
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      Exchanges.sendProblem(exchange, 405, "method-not-allowed", path + " accepts POST only");
      return;
    }
    byte[] body = Exchanges.readBody(exchange, TargetEnvironment.MAX_BODY_BYTES);
    if (body == null) {
      Exchanges.sendProblem(
          exchange,
          413,
          "too-large",
          "body exceeds " + TargetEnvironment.MAX_BODY_BYTES + " bytes");
      return;
    }
    SignedRequestView view =
        SignedRequestView.of(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(),
            body);
    Verification verification = signatures.verify(view);
    if (verification instanceof Verification.Refused refused) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Signature");
      Exchanges.sendProblem(exchange, 401, refused.check(), refused.detail());
      return;
    }
    JsonNode json = parseObject(body);
    switch (path) {
      case "/fxg/attest":
        attest(exchange, json);
        break;
      case "/fxg/execute":
        execute(exchange, json);
        break;
      default:
        cancel(exchange, json);
    }
  }

  private void attest(HttpExchange exchange, JsonNode body)
      throws IOException, TargetContractException {
    Exchanges.requireOnly(body, Set.of("nonce"));
    String nonce = Exchanges.text(body, "nonce", NONCE);
    try {
      Encoding.fromB64url(nonce);
    } catch (CryptoException e) {
      throw new TargetContractException("bad-request", "nonce: not base64url");
    }
    Exchanges.sendJson(
        exchange, 200, parts.attestations().attest(nonce, parts.measurements().snapshot()));
  }

  private void execute(HttpExchange exchange, JsonNode body)
      throws IOException, TargetContractException {
    Exchanges.requireOnly(body, Set.of("executionId", "action", "resource", "parameters"));
    String executionId = Exchanges.text(body, "executionId", EXECUTION_ID);
    String action = Exchanges.text(body, "action", NAME);
    String resource = Exchanges.text(body, "resource", NAME);
    JsonNode parameters = body.has("parameters") ? body.get("parameters") : Json.object();
    if (!parameters.isObject()) {
      throw new TargetContractException("bad-request", "parameters: must be an object");
    }
    String artifact = exchange.getRequestHeaders().getFirst(ARTIFACT_HEADER);
    if (artifact == null) {
      Exchanges.sendProblem(
          exchange, 401, "missing-artifact", ARTIFACT_HEADER + " header is required");
      return;
    }
    ArtifactVerifier.Result result =
        artifacts.verify(
            artifact, new ArtifactVerifier.Scope(executionId, action, resource, parameters));
    if (result instanceof ArtifactVerifier.Refused refused) {
      Exchanges.sendProblem(
          exchange, refused.isForbidden() ? 403 : 401, refused.check(), refused.detail());
      return;
    }
    ActionHandler handler = parts.actions().get(action);
    if (handler == null) {
      Exchanges.sendProblem(
          exchange, 404, "unknown-action", "this environment does not run " + action);
      return;
    }
    JsonNode claims = ((ArtifactVerifier.Verified) result).claims();
    ExecutionContext context =
        new ExecutionContext(
            new ActionRequest(executionId, action, resource, parameters, claims), parts.reports());
    Optional<Executions.Refusal> refusal = executions.admit(context);
    if (refusal.isEmpty()) {
      executions.run(exchange, handler, context);
    } else if (refusal.get() == Executions.Refusal.BUSY) {
      Exchanges.sendProblem(exchange, 503, "busy", "too many live executions");
    } else {
      Exchanges.sendProblem(
          exchange, 409, "duplicate-execution", executionId + " is already running");
    }
  }

  private void cancel(HttpExchange exchange, JsonNode body)
      throws IOException, TargetContractException {
    Exchanges.requireOnly(body, Set.of("executionId", "reason"));
    String executionId = Exchanges.text(body, "executionId", EXECUTION_ID);
    String reason = body.has("reason") ? Exchanges.text(body, "reason", REASON) : "cancelled";
    ExecutionContext context = executions.get(executionId).orElse(null);
    if (context == null) {
      Exchanges.sendProblem(
          exchange, 404, "unknown-execution", executionId + " is not running here");
      return;
    }
    context.cancel(reason);
    Exchanges.sendJson(exchange, 200, Json.object().put("status", "cancelled"));
  }

  private static JsonNode parseObject(byte[] body) throws TargetContractException {
    try {
      JsonNode json = Json.parse(body);
      if (json == null || !json.isObject()) {
        throw new TargetContractException("bad-request", "body: must be a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw new TargetContractException("bad-request", "body: not valid JSON");
    }
  }
}
