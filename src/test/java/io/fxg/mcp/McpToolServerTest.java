package io.fxg.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.environment.JwksKeys;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The environment side of an MCP tool server, without a gateway: a tool runs only for requests the
 * gateway key signed and only under an authorization artifact for exactly that tool, resource and
 * arguments (one changed argument is refused); unsigned requests are 401.
 */
class McpToolServerTest {
  static final Jwk GATEWAY = Jwk.generate("gateway");
  static final Jwk GATEWAY_KEY = GATEWAY.withKid(GATEWAY.thumbprint());
  static final Jwk TOOLS = Jwk.generate("acme/tools");
  static McpToolServer server;
  static McpSyncClient client;
  static final AtomicReference<String> artifact = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    server = DemoTools.configure(McpToolServer.builder(TOOLS.signer().orElseThrow()).port(0)
        .gatewayKeys(() -> JwksKeys.of(List.of(GATEWAY_KEY.publicOnly())))).start();
    MessageSigner signer = MessageSigner.create(GATEWAY_KEY.signer().orElseThrow(), Clock.systemUTC());
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.endpoint().toString())
        .endpoint(McpDispatch.MCP_PATH)
        .httpRequestCustomizer((builder, method, uri, body, context) -> {
          signer.sign(SignedRequestView.of(method, uri, Map.of(),
              body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8))).asMap().forEach(builder::header);
          if (artifact.get() != null) {
            builder.header("Fxg-Authorization", artifact.get());
          }
        })
        .build();
    client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  /** An artifact as the gateway issues one (SPEC section 7) for {@code jti} and these arguments. */
  static String artifactFor(String jti, String tool, Map<String, Object> arguments) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = Json.object().put("iss", "fxg").put("sub", "partner-a/agent-7").put("aud", "acme/tools")
        .put("jti", jti).put("iat", now).put("nbf", now).put("exp", now + 60);
    claims.putObject("fxg").put("act", "mcp.tool/" + tool).put("res", "acme/tools")
        .put("params", Digests.digestOfJson(Json.mapper().valueToTree(arguments)));
    return Jws.sign(GATEWAY_KEY.signer().orElseThrow(), "fxg-authz+jwt", claims);
  }

  static McpSchema.CallToolResult call(String jti, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments, Map.of("progressToken", jti)));
  }

  static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  void toolCall_underItsArtifact_runs() {
    Map<String, Object> arguments = Map.of("path", "/srv/public/prices.csv");
    artifact.set(artifactFor("exec-1", "read_file", arguments));
    McpSchema.CallToolResult result = call("exec-1", "read_file", arguments);
    assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
    assertEquals(DemoTools.FILES.get("/srv/public/prices.csv"), text(result));
  }

  @Test
  void oneChangedArgument_isRefused_andTheToolDoesNotRun() {
    artifact.set(artifactFor("exec-2", "read_file", Map.of("path", "/srv/public/prices.csv")));
    McpSchema.CallToolResult result = call("exec-2", "read_file", Map.of("path", "/srv/secret/keys.txt"));
    assertTrue(result.isError());
    assertTrue(text(result).startsWith("refused: authorization artifact scope:params"), text(result));
  }

  @Test
  void artifactForAnotherTool_orNone_isRefused() {
    Map<String, Object> arguments = Map.of("path", "/srv/public/readme.txt");
    artifact.set(artifactFor("exec-3", "echo", arguments));
    String refused = text(call("exec-3", "read_file", arguments));
    assertTrue(refused.contains("scope:action"), refused);
    artifact.set(null);
    String none = text(call("exec-4", "echo", Map.of("text", "hi")));
    assertTrue(none.contains("refused: authorization artifact malformed"), none);
  }

  @Test
  void unsignedRequest_is401_namingTheCheck() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.endpoint() + McpDispatch.MCP_PATH))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, response.statusCode());
    assertEquals("missing-signature", Json.parse(response.body()).get("check").asText(), response.body());
  }

  @Test
  void attestation_answersTheNonce_withASignedEnvelope() throws Exception {
    String nonce = io.fxg.crypto.Encoding.b64url(new byte[32]);
    byte[] body = Json.writeBytes(Json.object().put("nonce", nonce));
    URI uri = URI.create(server.endpoint() + "/fxg/attest");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    MessageSigner.create(GATEWAY_KEY.signer().orElseThrow(), Clock.systemUTC())
        .sign(SignedRequestView.of("POST", uri, Map.of(), body)).asMap().forEach(request::header);
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    var envelope = Json.parse(response.body());
    assertEquals("application/vnd.fxg.attestation.v1+json", envelope.get("payloadType").asText());
    assertEquals("acme/tools", envelope.at("/signatures/0/keyid").asText());
  }
}
