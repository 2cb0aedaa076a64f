package io.fxg.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

/**
 * One {@code tools/call} as a tool of {@link McpToolServer} sees it, after the gateway's signature
 * and authorization artifact verified.
 *
 * @param progressToken the caller's progress token (fxg: the execution id), or null
 * @param claims the verified authorization artifact's claims
 */
public record ToolCall(String name, Map<String, Object> arguments, String progressToken,
    com.fasterxml.jackson.databind.JsonNode claims, McpSyncServerExchange exchange, Cancellations cancellations) {

  /** Reports progress to the caller when it asked for it (a progress token). */
  public void progress(double progress, double total, String message) {
    if (progressToken != null) {
      exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, progress, total, message));
    }
  }

  /** Waits up to {@code timeout}; true when the call was cancelled meanwhile. */
  public boolean cancelledWithin(Duration timeout) throws InterruptedException {
    return progressToken != null && cancellations.await(progressToken, timeout);
  }

  /** A tool of {@link McpToolServer}. */
  @FunctionalInterface
  public interface Handler {
    McpSchema.CallToolResult call(ToolCall call) throws Exception;
  }
}
