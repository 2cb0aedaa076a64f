package io.fxg.demo;

import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.mcp.McpProtocol;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demo tool calls: an AI agent ({@code partner-a/agent-7}) uses the MCP Java SDK's client, its
 * requests RFC 9421-signed, against the gateway's {@code /mcp/acme/tools}. It cycles through a
 * public file read (completed), a secret file read (denied by the policy's condition on
 * {@code request.parameters.path}), a slow count with progress (completed) and an echo (completed),
 * printing one line per outcome as the other demo traffic does.
 */
final class DemoToolCalls implements AutoCloseable {
  /** One demo tool call. */
  private record Call(String name, String tool, Map<String, Object> arguments) {}

  private static final List<Call> CALLS = List.of(
      new Call("mcp read_file /srv/public/readme.txt (completes)", "read_file", Map.of("path", "/srv/public/readme.txt")),
      new Call("mcp read_file /srv/secret/keys.txt (denied)", "read_file", Map.of("path", "/srv/secret/keys.txt")),
      new Call("mcp count_slowly to 4 (progress, completes)", "count_slowly", Map.of("to", 4, "stepMillis", 300)),
      new Call("mcp echo (completes)", "echo", Map.of("text", "hello through the gateway")));

  private final URI gateway;
  private final Signer agent;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "fxg-demo-tool-calls");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong tick = new AtomicLong();
  private McpSyncClient client;

  DemoToolCalls(URI gateway, Signer agent) {
    this.gateway = gateway;
    this.agent = agent;
  }

  void start(long periodMillis) {
    ticker.scheduleWithFixedDelay(this::next, 2000, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void next() {
    Call call = CALLS.get((int) (tick.getAndIncrement() % CALLS.size()));
    try {
      if (client == null) {
        client = connect();
      }
      McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(call.tool(), call.arguments()));
      Object id = result.meta() == null ? "" : result.meta().get(McpProtocol.META_EXECUTION_ID);
      System.out.printf("[demo] %-55s -> %-11s %-28s %s%n", call.name(),
          "completed", Boolean.TRUE.equals(result.isError()) ? "tool error" : "completed", id);
    } catch (McpError e) {
      Object data = e.getJsonRpcError() == null ? null : e.getJsonRpcError().data();
      Map<?, ?> details = data instanceof Map<?, ?> map ? map : Map.of();
      System.out.printf("[demo] %-55s -> %-11s %-28s %s%n", call.name(), details.get("status"), details.get("reason"),
          details.get("executionId"));
    } catch (RuntimeException e) {
      System.out.printf("[demo] %-55s -> error: %s%n", call.name(), e.getMessage());
      closeClient();
    }
  }

  private McpSyncClient connect() {
    MessageSigner signer = MessageSigner.create(agent, Clock.systemUTC());
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder(gateway.toString().replaceAll("/$", ""))
        .endpoint("/mcp/acme/tools")
        .httpRequestCustomizer((builder, method, uri, body, context) -> signer.sign(SignedRequestView.of(method, uri,
                Map.of(), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)))
            .asMap().forEach(builder::header))
        .build();
    McpSyncClient connected = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    connected.initialize();
    return connected;
  }

  private void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    closeClient();
  }
}
