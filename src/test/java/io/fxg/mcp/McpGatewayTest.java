package io.fxg.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.cli.VerifyCommand;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.SignedCalls;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * fxg as an MCP gateway, driven by the MCP Java SDK's client against a real upstream MCP server
 * ({@link McpToolServer} with the {@link DemoTools}) registered as an environment of kind mcp.
 */
class McpGatewayTest {
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk DOOMED = Jwk.generate("partner-a/agent-9");
  static final Jwk OTHER = Jwk.generate("partner-b/bot-1");
  static final Jwk TOOLS = Jwk.generate("acme/tools");
  static final String ENDPOINT = "/mcp/acme/tools";

  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder()
      .federation(Federation.of().principal(AGENT).principal(DOOMED).principal(OTHER).toolServer(TOOLS, 30, DemoTools::configure))
      .policy(policy(1))
      .build();
  static final SignedCalls calls = gateway.calls();
  static final HttpCalls http = gateway.http();
  static final List<McpSyncClient> clients = new java.util.ArrayList<>();

  /** Partners may read public files and count; nothing else (echo is not permitted). */
  static ObjectNode policy(long version) {
    String text = """
        {"version": %d, "rules": [
          {"id": "read-public", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "tools"},
           "actions": ["mcp.tool/read_file"], "resources": ["acme/tools"],
           "condition": "request.parameters.path.startsWith('/srv/public/')",
           "obligations": {"maxDurationSeconds": 30, "attestEverySeconds": 30,
             "requireMeasurements": ["image"], "maxDelegationDepth": 0, "freshAttestation": false}},
          {"id": "count", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "tools"},
           "actions": ["mcp.tool/count_slowly"], "resources": ["acme/tools"],
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 30,
             "requireMeasurements": [], "maxDelegationDepth": 0, "freshAttestation": false}}
        ]}
        """.formatted(version);
    try {
      return (ObjectNode) Json.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void closeClients() {
    clients.forEach(McpSyncClient::close);
  }

  /** An SDK client whose every request is RFC 9421-signed with {@code key}. */
  static McpSyncClient signedClient(Jwk key) {
    Signer signer = key.signer().orElseThrow();
    McpSyncHttpClientRequestCustomizer signing = (builder, method, uri, body, context) ->
        calls.sign(signer, java.time.Clock.systemUTC(), method, uri.getRawPath(), body == null ? "" : body)
            .forEach(builder::header);
    return client(signing);
  }

  static McpSyncClient bearerClient(String token) {
    return client((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token));
  }

  private static McpSyncClient client(McpSyncHttpClientRequestCustomizer customizer) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.url(""))
        .endpoint(ENDPOINT).httpRequestCustomizer(customizer).build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    clients.add(client);
    client.initialize();
    return client;
  }

  static String executionIdOf(McpSchema.CallToolResult result) {
    return String.valueOf(result.meta().get(McpProtocol.META_EXECUTION_ID));
  }

  static JsonNode view(String id) {
    return HttpCalls.json(calls.signed(gateway.admin(), "GET", "/v1/executions/" + id, ""));
  }

  static List<String> lineageTypes(String id) {
    JsonNode records = HttpCalls.json(calls.signed(gateway.admin(), "GET", "/v1/executions/" + id + "/lineage", ""))
        .get("records");
    List<String> types = new java.util.ArrayList<>();
    records.forEach(r -> types.add(r.get("type").asText()));
    return types;
  }

  @Test
  void toolsList_showsOnlyTheToolsPolicyCouldPermit_withTheirObligations() {
    McpSchema.ListToolsResult list = signedClient(AGENT).listTools();
    Map<String, McpSchema.Tool> tools = list.tools().stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
    assertEquals(java.util.Set.of("read_file", "count_slowly"), tools.keySet(), "echo has no permit");
    Map<String, Object> readMeta = tools.get("read_file").meta();
    assertEquals(true, readMeta.get(McpProtocol.META_CONDITIONAL));
    assertEquals(30, ((Map<?, ?>) readMeta.get(McpProtocol.META_OBLIGATIONS)).get("maxDurationSeconds"));
    assertEquals(false, tools.get("count_slowly").meta().get(McpProtocol.META_CONDITIONAL));
  }

  @Test
  void permittedCall_answersWithTheUpstreamResult_andItsExecutionId() {
    McpSchema.CallToolResult result = signedClient(AGENT).callTool(
        new McpSchema.CallToolRequest("read_file", Map.of("path", "/srv/public/readme.txt")));
    assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result));
    assertEquals(DemoTools.FILES.get("/srv/public/readme.txt"), ((McpSchema.TextContent) result.content().get(0)).text());
    String id = executionIdOf(result);
    JsonNode view = view(id);
    assertEquals("completed", view.get("status").asText(), view.toString());
    assertEquals("mcp.tool/read_file", view.get("action").asText());
    assertEquals("acme/tools", view.get("resource").asText());
    assertEquals("partner-a", view.at("/caller/domain").asText());
    assertTrue(lineageTypes(id).containsAll(List.of("intent.received", "governance.synchronized",
        "authorization.issued", "trust.activated", "execution.started", "execution.completed")));
  }

  @Test
  void deniedCall_isAJsonRpcError_withTheReasonAndExecutionId_andNothingRunsUpstream() {
    McpError error = assertThrows(McpError.class, () -> signedClient(AGENT).callTool(
        new McpSchema.CallToolRequest("read_file", Map.of("path", "/srv/secret/keys.txt"))));
    McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
    assertEquals(McpProtocol.EXECUTION_DENIED, rpc.code());
    assertTrue(rpc.message().contains("policy.condition-not-satisfied"), rpc.message());
    Map<?, ?> data = (Map<?, ?>) rpc.data();
    String id = String.valueOf(data.get("executionId"));
    assertEquals("denied", view(id).get("status").asText());
    assertFalse(lineageTypes(id).contains("execution.started"), "a denied call is never dispatched");
  }

  @Test
  void revocationMidCall_interruptsTheExecution_andCancelsTheUpstreamCall() throws Exception {
    McpSyncClient client = signedClient(DOOMED);
    // Its own thread: the sync client blocks for the whole call, and the common pool has two threads here.
    java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
    CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> client.callTool(
        new McpSchema.CallToolRequest("count_slowly", Map.of("to", 100, "stepMillis", 200))), caller);
    caller.shutdown();
    String id = await().atMost(Duration.ofSeconds(20)).until(() -> callOf("partner-a/agent-9"), s -> s != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> lineageTypes(id).contains("execution.progress"));
    HttpResponse<String> revoked = gateway.asAdmin("POST", "/v1/admin/revocations",
        "{\"kind\": \"key\", \"id\": \"partner-a/agent-9\", \"reason\": \"test\"}");
    assertEquals(201, revoked.statusCode(), revoked.body());

    Exception failure = assertThrows(Exception.class, () -> call.get(30, java.util.concurrent.TimeUnit.SECONDS));
    McpError error = (McpError) failure.getCause();
    assertEquals(McpProtocol.EXECUTION_INTERRUPTED, error.getJsonRpcError().code());
    assertTrue(error.getJsonRpcError().message().contains("trust.revoked"), error.getJsonRpcError().message());
    Cancellations cancellations = gateway.toolServer("acme/tools").cancellations();
    await().atMost(Duration.ofSeconds(10)).until(() -> cancellations.received().stream()
        .anyMatch(c -> c.requestId().equals(id) && c.reason().equals("trust.revoked")));
    await().atMost(Duration.ofSeconds(10)).until(() -> lineageTypes(id).contains("target.cancel"));
    JsonNode lineage = HttpCalls.json(calls.signed(gateway.admin(), "GET", "/v1/executions/" + id + "/lineage", ""));
    String cancel = "";
    for (JsonNode record : lineage.get("records")) {
      if (record.get("type").asText().equals("target.cancel")) {
        cancel = record.toString();
      }
    }
    assertTrue(cancel.contains("delivered: notifications/cancelled"), cancel);
    boolean relayed = false;
    for (JsonNode record : lineage.get("records")) {
      relayed |= record.get("type").asText().equals("execution.progress") && record.at("/data/source").asText().equals("mcp");
    }
    assertTrue(relayed, "upstream notifications/progress are execution.progress records: " + lineage);
  }

  @Test
  void clientCancellation_cancelsTheExecution_andTheUpstreamCall() throws Exception {
    String sid = session();
    java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
    CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> raw(
        "{\"jsonrpc\": \"2.0\", \"id\": \"c-1\", \"method\": \"tools/call\", \"params\": {\"name\": \"count_slowly\","
            + " \"arguments\": {\"to\": 100, \"stepMillis\": 200}}}", "Mcp-Session-Id", sid), caller);
    caller.shutdown();
    String id = await().atMost(Duration.ofSeconds(20)).until(() -> callOf("partner-a/agent-7"), s -> s != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> lineageTypes(id).contains("execution.progress"));
    HttpResponse<String> cancel = raw("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/cancelled\", \"params\": "
        + "{\"requestId\": \"c-1\", \"reason\": \"the user changed their mind\"}}", "Mcp-Session-Id", sid);
    assertEquals(202, cancel.statusCode(), cancel.body());

    JsonNode answer = error(call.get(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals("c-1", answer.get("id").asText());
    assertEquals(McpProtocol.EXECUTION_INTERRUPTED, answer.at("/error/code").asInt());
    assertEquals("cancelled", answer.at("/error/data/reason").asText());
    assertEquals(id, answer.at("/error/data/executionId").asText());
    Cancellations cancellations = gateway.toolServer("acme/tools").cancellations();
    await().atMost(Duration.ofSeconds(10)).until(() -> cancellations.received().stream()
        .anyMatch(c -> c.requestId().equals(id) && c.reason().equals("cancelled")));
  }

  @Test
  void domainDocument_withAnUnknownEnvironmentKind_isRefusedNamingTheField() {
    ObjectNode doc = Federation.withEnvironment(Federation.document("Bad"), "x", "http://127.0.0.1:1",
        Jwk.generate("bad/x"), Map.of("image", DemoTools.IMAGE), 30);
    ((ObjectNode) doc.get("environments").get(0)).put("kind", "grpc");
    HttpResponse<String> refused = gateway.asAdmin("PUT", "/v1/admin/domains/bad", Json.write(doc));
    assertEquals(400, refused.statusCode(), refused.body());
    assertEquals("environments[0].kind", HttpCalls.json(refused).get("field").asText());
  }

  @Test
  void unknownOrNonMcpEnvironment_is404() {
    HttpResponse<String> unknown = calls.signed(AGENT.signer().orElseThrow(), "POST", "/mcp/acme/nowhere", initialize(),
        "Content-Type", "application/json");
    assertEquals(404, unknown.statusCode(), unknown.body());
  }

  private static String callOf(String caller) {
    JsonNode found = HttpCalls.json(calls.signed(gateway.admin(), "GET", "/v1/executions", ""));
    for (JsonNode summary : found.get("executions")) {
      if (summary.get("caller").asText().equals(caller) && summary.get("action").asText().equals("mcp.tool/count_slowly")
          && List.of("pending", "running").contains(summary.get("status").asText())) {
        return summary.get("executionId").asText();
      }
    }
    return null;
  }

  @Test
  void toolCall_lineageAndProofBundle_verifyWithFxgVerify() throws Exception {
    McpSchema.CallToolResult result = signedClient(AGENT).callTool(
        new McpSchema.CallToolRequest("read_file", Map.of("path", "/srv/public/prices.csv")));
    String id = executionIdOf(result);
    HttpResponse<String> proof = await().atMost(Duration.ofSeconds(30)).until(
        () -> calls.signed(gateway.admin(), "GET", "/v1/executions/" + id + "/proof", ""),
        r -> r.statusCode() == 200 && r.body().contains("proof.persisted"));
    Path bundle = Files.createTempFile("mcp-bundle", ".json");
    Files.writeString(bundle, proof.body());
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, http.get("/.well-known/jwks.json").body());
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new VerifyCommand()).setOut(new PrintWriter(out))
        .execute(bundle.toString(), "--jwks", jwks.toString(), "--log-key", http.get("/v1/log/key").body());
    assertEquals(0, exit, out.toString());
    assertTrue(out.toString().contains("mcp.tool/read_file"), out.toString());
  }

  @Test
  void bearerToken_fromPostTokens_authenticatesTheSdkClient() {
    HttpResponse<String> issued = calls.signed(AGENT.signer().orElseThrow(), "POST", "/v1/tokens", "");
    assertEquals(200, issued.statusCode(), issued.body());
    JsonNode token = HttpCalls.json(issued);
    assertEquals("Bearer", token.get("token_type").asText());
    McpSchema.CallToolResult result = bearerClient(token.get("access_token").asText()).callTool(
        new McpSchema.CallToolRequest("read_file", Map.of("path", "/srv/public/readme.txt")));
    assertEquals("partner-a/agent-7", view(executionIdOf(result)).at("/caller/domain").asText() + "/"
        + view(executionIdOf(result)).at("/caller/principal").asText());
  }

  @Test
  void unauthenticatedRequest_is401_withTheMcpAuthorizationHints() {
    HttpResponse<String> refused = http.post(ENDPOINT, initialize(), "Content-Type", "application/json");
    assertEquals(401, refused.statusCode(), refused.body());
    String challenge = String.join(", ", refused.headers().allValues("WWW-Authenticate"));
    assertTrue(challenge.contains("Bearer") && challenge.contains("resource_metadata=\"" + gateway.url(
        "/.well-known/oauth-protected-resource/mcp/acme/tools") + "\""), challenge);
    JsonNode metadata = HttpCalls.json(http.get("/.well-known/oauth-protected-resource/mcp/acme/tools"));
    assertEquals(gateway.url(ENDPOINT), metadata.get("resource").asText());
    HttpResponse<String> badToken = http.post(ENDPOINT, initialize(), "Content-Type", "application/json",
        "Authorization", "Bearer not-a-token");
    assertEquals(401, badToken.statusCode());
    assertTrue(String.join(",", badToken.headers().allValues("WWW-Authenticate")).contains("invalid_token"));
  }

  static String initialize() {
    return "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {\"protocolVersion\": \""
        + McpProtocol.LATEST + "\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"raw\", \"version\": \"1\"}}}";
  }

  // ---- bad input: the error the spec prescribes, never a 5xx, nothing executed ----

  private static HttpResponse<String> raw(String body, String... headers) {
    return calls.signed(AGENT.signer().orElseThrow(), "POST", ENDPOINT, body, headers);
  }

  private static String session() {
    HttpResponse<String> init = raw(initialize(), "Content-Type", "application/json");
    assertEquals(200, init.statusCode(), init.body());
    return init.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private static JsonNode error(HttpResponse<String> response) {
    assertTrue(response.statusCode() < 500, response.statusCode() + " " + response.body());
    JsonNode body = HttpCalls.json(response);
    assertEquals("2.0", body.get("jsonrpc").asText(), body.toString());
    assertNotNull(body.get("error"), body.toString());
    return body;
  }

  private static int executions() {
    return HttpCalls.json(calls.signed(gateway.admin(), "GET", "/v1/executions?limit=500", "")).get("executions").size();
  }

  @Test
  void badInput_getsTheJsonRpcErrorTheSpecPrescribes_andExecutesNothing() {
    String sid = session();
    int before = executions();

    HttpResponse<String> malformed = raw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", "Mcp-Session-Id", sid);
    assertEquals(400, malformed.statusCode());
    assertEquals(McpProtocol.PARSE_ERROR, error(malformed).at("/error/code").asInt());
    assertTrue(error(malformed).get("id").isNull());

    HttpResponse<String> empty = raw("", "Mcp-Session-Id", sid);
    assertEquals(400, empty.statusCode(), empty.body());
    assertEquals(McpProtocol.PARSE_ERROR, error(empty).at("/error/code").asInt());

    HttpResponse<String> nullId = raw("{\"jsonrpc\": \"2.0\", \"id\": null, \"method\": \"ping\"}", "Mcp-Session-Id", sid);
    assertEquals(McpProtocol.INVALID_REQUEST, error(nullId).at("/error/code").asInt());

    HttpResponse<String> batch = raw("[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}]", "Mcp-Session-Id", sid);
    assertEquals(400, batch.statusCode());
    assertEquals(McpProtocol.INVALID_REQUEST, error(batch).at("/error/code").asInt());

    HttpResponse<String> notJsonRpc = raw("{\"id\": 2, \"method\": \"ping\"}", "Mcp-Session-Id", sid);
    assertEquals(McpProtocol.INVALID_REQUEST, error(notJsonRpc).at("/error/code").asInt());
    assertEquals(2, error(notJsonRpc).get("id").asInt());

    HttpResponse<String> unknown = raw("{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"resources/list\"}",
        "Mcp-Session-Id", sid);
    assertEquals(200, unknown.statusCode());
    assertEquals(McpProtocol.METHOD_NOT_FOUND, error(unknown).at("/error/code").asInt());
    assertEquals(3, error(unknown).get("id").asInt());

    String big = "x".repeat(70 * 1024);
    HttpResponse<String> oversized = raw("{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"tools/call\", \"params\": "
        + "{\"name\": \"read_file\", \"arguments\": {\"path\": \"/srv/public/" + big + "\"}}}", "Mcp-Session-Id", sid);
    assertEquals(McpProtocol.INVALID_PARAMS, error(oversized).at("/error/code").asInt());
    assertEquals("params.arguments", error(oversized).at("/error/data/field").asText());

    HttpResponse<String> badName = raw("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tools/call\", \"params\": "
        + "{\"name\": \"../read file\", \"arguments\": {}}}", "Mcp-Session-Id", sid);
    assertEquals(McpProtocol.INVALID_PARAMS, error(badName).at("/error/code").asInt());

    HttpResponse<String> infinite = raw("{\"jsonrpc\": \"2.0\", \"id\": 51, \"method\": \"tools/call\", \"params\": "
        + "{\"name\": \"read_file\", \"arguments\": {\"path\": \"/srv/public/a\", \"n\": 1e400}}}", "Mcp-Session-Id", sid);
    assertEquals(McpProtocol.INVALID_PARAMS, error(infinite).at("/error/code").asInt(), infinite.body());
    assertEquals("params.arguments.n", error(infinite).at("/error/data/field").asText());

    HttpResponse<String> loneSurrogate = raw("{\"jsonrpc\": \"2.0\", \"id\": 52, \"method\": \"tools/call\", \"params\": "
        + "{\"name\": \"read_file\", \"arguments\": {\"path\": \"\\uDC00\"}}}", "Mcp-Session-Id", sid);
    assertEquals(McpProtocol.INVALID_PARAMS, error(loneSurrogate).at("/error/code").asInt(), loneSurrogate.body());
    assertEquals("params.arguments.path", error(loneSurrogate).at("/error/data/field").asText());

    HttpResponse<String> noSession = raw("{\"jsonrpc\": \"2.0\", \"id\": 6, \"method\": \"tools/list\"}");
    assertEquals(400, noSession.statusCode());
    assertEquals(McpProtocol.INVALID_REQUEST, error(noSession).at("/error/code").asInt());

    HttpResponse<String> staleSession = raw("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/list\"}",
        "Mcp-Session-Id", "no-such-session");
    assertEquals(404, staleSession.statusCode());
    assertEquals(McpProtocol.INVALID_REQUEST, error(staleSession).at("/error/code").asInt());

    HttpResponse<String> get = calls.signed(AGENT.signer().orElseThrow(), "GET", ENDPOINT, "");
    assertEquals(405, get.statusCode());

    HttpResponse<String> ping = raw("{\"jsonrpc\": \"2.0\", \"id\": \"p\", \"method\": \"ping\"}", "Mcp-Session-Id", sid);
    assertEquals(200, ping.statusCode());
    assertEquals("p", HttpCalls.json(ping).get("id").asText());

    assertEquals(before, executions(), "no bad request started an execution");
  }

  @Test
  void anotherPrincipalsSession_isUnknown() {
    String sid = session();
    HttpResponse<String> stolen = calls.signed(OTHER.signer().orElseThrow(), "POST", ENDPOINT,
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}", "Mcp-Session-Id", sid);
    assertEquals(404, stolen.statusCode(), stolen.body());
  }
}
