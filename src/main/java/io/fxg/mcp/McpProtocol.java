package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.util.List;

/**
 * The MCP and JSON-RPC 2.0 vocabulary fxg speaks: protocol revisions, method names and error
 * codes (taken from the SDK's {@link McpSchema} and {@link ProtocolVersions}), and builders of
 * well-formed messages.
 */
public final class McpProtocol {
  /** The revision fxg offers; a client asking for another supported one gets that one. */
  public static final String LATEST = ProtocolVersions.MCP_2025_06_18;
  public static final List<String> SUPPORTED = List.of(ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
  public static final String SERVER_VERSION = "0.1.0";
  /** The action prefix of a tool call: {@code mcp.tool/<name>}. */
  public static final String TOOL_ACTION_PREFIX = "mcp.tool/";
  /** Where the execution id and the policy annotations go in {@code _meta}. */
  public static final String META_EXECUTION_ID = "io.fxg/executionId";
  public static final String META_OBLIGATIONS = "io.fxg/obligations";
  public static final String META_CONDITIONAL = "io.fxg/conditional";

  public static final int PARSE_ERROR = McpSchema.ErrorCodes.PARSE_ERROR;
  public static final int INVALID_REQUEST = McpSchema.ErrorCodes.INVALID_REQUEST;
  public static final int METHOD_NOT_FOUND = McpSchema.ErrorCodes.METHOD_NOT_FOUND;
  public static final int INVALID_PARAMS = McpSchema.ErrorCodes.INVALID_PARAMS;
  public static final int INTERNAL_ERROR = McpSchema.ErrorCodes.INTERNAL_ERROR;
  /** Server-defined codes (JSON-RPC reserves -32000 to -32099 for them). */
  public static final int EXECUTION_DENIED = -32003;
  public static final int EXECUTION_INTERRUPTED = -32004;
  public static final int EXECUTION_FAILED = -32005;
  public static final int UNAVAILABLE = -32006;

  private McpProtocol() {}

  public static ObjectNode request(String id, String method, ObjectNode params) {
    ObjectNode message = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return message;
  }

  public static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode message = Json.object().put("jsonrpc", "2.0");
    message.set("id", id);
    message.set("result", result);
    return message;
  }

  /** @param id the request's id, or null (JSON null) when it could not be read */
  public static ObjectNode error(JsonNode id, int code, String text, JsonNode data) {
    ObjectNode message = Json.object().put("jsonrpc", "2.0");
    message.set("id", id == null ? Json.mapper().nullNode() : id);
    ObjectNode error = message.putObject("error").put("code", code).put("message", text);
    if (data != null) {
      error.set("data", data);
    }
    return message;
  }
}
