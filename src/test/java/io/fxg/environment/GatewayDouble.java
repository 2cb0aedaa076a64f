package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.InMemoryNonceRegistry;
import io.fxg.httpsig.KeyResolver;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.MessageVerifier;
import io.fxg.httpsig.SignatureHeaders;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.Verification;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The gateway as a target sees it, for tests: a key (keyid = thumbprint) that signs calls and
 * artifacts, and a reports endpoint that verifies each report's signature with the environment key
 * and keeps what it accepted.
 */
final class GatewayDouble implements AutoCloseable {
  final Jwk key = Jwk.generate(null);
  final Signer signer = key.signer().orElseThrow();
  final HttpClient http = HttpClient.newHttpClient();
  final ConcurrentLinkedQueue<JsonNode> reports = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> refusedReports = new ConcurrentLinkedQueue<>();
  private final HttpServer server;

  GatewayDouble(String environmentId, io.fxg.crypto.Ed25519PublicKey environmentKey)
      throws IOException {
    MessageVerifier verifier =
        MessageVerifier.create(
            KeyResolver.of(Map.of(environmentId, environmentKey)),
            InMemoryNonceRegistry.create(Clock.systemUTC()),
            Clock.systemUTC());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/executions/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Verification verification =
                verifier.verify(
                    SignedRequestView.of(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(),
                        body));
            if (verification instanceof Verification.Refused refused) {
              refusedReports.add(refused.check());
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            ObjectNode received = (ObjectNode) Json.parse(body);
            received.put("_path", exchange.getRequestURI().getRawPath());
            reports.add(received);
            exchange.sendResponseHeaders(202, -1);
          }
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  JwksKeys jwks() {
    return JwksKeys.of(key.publicOnly());
  }

  /** An artifact authorizing exactly this execution, valid from now for {@code ttl}. */
  String artifact(
      String audience,
      String executionId,
      String action,
      String resource,
      JsonNode parameters,
      Instant now,
      Duration ttl) {
    ObjectNode claims = Json.object();
    claims.put("iss", "https://gateway.example");
    claims.put("sub", "partner-a/agent-7");
    claims.put("aud", audience);
    claims.put("jti", executionId);
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.plus(ttl).getEpochSecond());
    ObjectNode fxg = claims.putObject("fxg");
    fxg.put("act", action);
    fxg.put("res", resource);
    fxg.put("params", Digests.digestOfJson(parameters));
    fxg.putObject("pol").put("v", 3).put("d", Digests.digestString(new byte[0]));
    fxg.put("depth", 0);
    return Jws.sign(signer, ArtifactVerifier.TYP, claims);
  }

  /** A POST signed by the gateway key, with extra headers (e.g. the artifact). */
  HttpRequest signedPost(URI endpoint, String path, JsonNode body, Map<String, String> extra) {
    URI uri = endpoint.resolve(path);
    byte[] bytes = Json.writeBytes(body);
    SignatureHeaders signature =
        MessageSigner.create(signer, Clock.systemUTC())
            .sign(
                SignedRequestView.of(
                    "POST", uri, Map.of("content-type", List.of("application/json")), bytes));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signature.asMap().forEach(request::header);
    extra.forEach(request::header);
    return request.build();
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
