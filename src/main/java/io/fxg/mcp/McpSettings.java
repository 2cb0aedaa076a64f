package io.fxg.mcp;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code fxg.mcp} settings (reference.conf documents each).
 *
 * @param maxArgumentBytes largest tool arguments (JCS bytes) a tools/call may carry
 * @param callMaxDurationSeconds the deadline of every tool call's execution
 * @param tokenLifetime lifetime of bearer tokens from {@code POST /v1/tokens}
 * @param maxSessions live MCP sessions per node
 * @param sessionIdle a session unused this long is forgotten
 * @param upstreamTimeout per-request timeout towards upstream tool servers (tools/list, connect)
 */
public record McpSettings(int maxArgumentBytes, int callMaxDurationSeconds, Duration tokenLifetime, int maxSessions,
    Duration sessionIdle, Duration upstreamTimeout) {

  public static McpSettings from(Config config) {
    Config mcp = config.getConfig("fxg.mcp");
    return new McpSettings(
        (int) mcp.getBytes("max-argument-bytes").longValue(),
        (int) mcp.getDuration("call-max-duration").getSeconds(),
        mcp.getDuration("token-lifetime"),
        mcp.getInt("max-sessions"),
        mcp.getDuration("session-idle"),
        mcp.getDuration("upstream-timeout"));
  }
}
