package io.fxg.mcp;

import io.fxg.crypto.Digests;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo's MCP tools, served by an {@link McpToolServer}: {@code read_file} (a small read-only
 * file tree; the demo policy permits only paths under {@code /srv/public/}), {@code echo}, and
 * {@code count_slowly} (one progress notification per step, stops when cancelled).
 */
public final class DemoTools {
  public static final String IMAGE = Digests.digestString("fxg demo tool server image v1".getBytes(StandardCharsets.UTF_8));
  public static final String CONFIG = Digests.digestString("fxg demo tool server config v1".getBytes(StandardCharsets.UTF_8));
  /** The files {@code read_file} serves. */
  public static final Map<String, String> FILES = Map.of(
      "/srv/public/readme.txt", "fxg demo tool server: every call you see was governed.\n",
      "/srv/public/prices.csv", "item,price\nwidget,4.20\ngadget,17.00\n",
      "/srv/secret/keys.txt", "this file must never be read through the gateway\n");
  public static final int MAX_COUNT = 100;
  public static final long MAX_STEP_MILLIS = 10_000;

  private DemoTools() {}

  public static Map<String, String> referenceMeasurements() {
    return Map.of("image", IMAGE, "config", CONFIG);
  }

  /** The three tools and the demo measurements on {@code builder}. */
  public static McpToolServer.Builder configure(McpToolServer.Builder builder) {
    return builder
        .measurement("image", IMAGE)
        .measurement("config", CONFIG)
        .tool(tool("read_file", "Reads a file of the demo tree", Map.of("path", Map.of("type", "string")), List.of("path")),
            DemoTools::readFile)
        .tool(tool("echo", "Answers with its text", Map.of("text", Map.of("type", "string")), List.of("text")),
            call -> text(String.valueOf(call.arguments().getOrDefault("text", ""))))
        .tool(tool("count_slowly", "Counts to `to`, one step every `stepMillis`, reporting progress",
                Map.of("to", Map.of("type", "integer"), "stepMillis", Map.of("type", "integer")), List.of("to")),
            DemoTools::countSlowly);
  }

  private static McpSchema.CallToolResult readFile(ToolCall call) {
    String path = String.valueOf(call.arguments().get("path"));
    String content = FILES.get(path);
    return content == null
        ? McpSchema.CallToolResult.builder().isError(true).addTextContent("no such file: " + path).build()
        : text(content);
  }

  private static McpSchema.CallToolResult countSlowly(ToolCall call) throws InterruptedException {
    int to = Math.max(1, Math.min(MAX_COUNT, ((Number) call.arguments().getOrDefault("to", 3)).intValue()));
    long step = Math.max(1, Math.min(MAX_STEP_MILLIS,
        ((Number) call.arguments().getOrDefault("stepMillis", 500)).longValue()));
    for (int i = 1; i <= to; i++) {
      if (call.cancelledWithin(Duration.ofMillis(step))) {
        return McpSchema.CallToolResult.builder().isError(true).addTextContent("cancelled at " + (i - 1)).build();
      }
      call.progress(i, to, "counted " + i);
    }
    return text("counted to " + to);
  }

  static McpSchema.Tool tool(String name, String description, Map<String, Object> properties, List<String> required) {
    return McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(Map.of("type", "object", "properties", properties, "required", required))
        .build();
  }

  static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
