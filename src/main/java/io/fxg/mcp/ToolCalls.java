package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jcs;
import io.fxg.execution.Caller;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIds;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.ExecutionView;
import io.fxg.execution.TargetRef;
import io.fxg.http.Authenticated;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * {@code tools/call} as an execution (SPEC section 14): action {@code mcp.tool/<name>}, resource
 * {@code <domain>/<environment>}, parameters = the tool arguments. Submits it to the execution's
 * entity, waits for its terminal state and answers with the upstream result (execution id in
 * {@code _meta}) or a JSON-RPC error naming the denial, interruption or failure.
 */
final class ToolCalls {
  /** Tool names fxg passes on (the MCP 2025-11-25 tool name rule). */
  static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  static final int MAX_ARGUMENT_DEPTH = 16;
  /** Slack past the execution's own deadline before the answer stops waiting. */
  static final Duration WAIT_SLACK = Duration.ofSeconds(10);

  private final ClusterSharding sharding;
  private final McpSettings settings;
  private final Duration askTimeout;
  private final Clock clock;

  ToolCalls(ClusterSharding sharding, McpSettings settings, Duration askTimeout, Clock clock) {
    this.sharding = sharding;
    this.settings = settings;
    this.askTimeout = askTimeout;
    this.clock = clock;
  }

  /** A well-formed call's tool name and arguments, or an INVALID_PARAMS error. */
  record Parsed(String name, ObjectNode arguments) {}

  static Parsed parse(JsonNode params, int maxArgumentBytes) throws JsonRpcError {
    if (params == null || !params.isObject()) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS, "params must be an object with name and arguments", "params");
    }
    JsonNode name = params.get("name");
    if (name == null || !name.isTextual() || !TOOL_NAME.matcher(name.asText()).matches()) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS, "name must match " + TOOL_NAME.pattern(), "params.name");
    }
    JsonNode arguments = params.get("arguments");
    if (arguments == null || arguments.isNull()) {
      arguments = Json.object();
    }
    if (!arguments.isObject()) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS, "arguments must be an object", "params.arguments");
    }
    if (depth(arguments) > MAX_ARGUMENT_DEPTH) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS, "arguments nest deeper than " + MAX_ARGUMENT_DEPTH,
          "params.arguments");
    }
    String unencodable = Json.nonFiniteNumberMember(arguments);
    if (unencodable != null) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS, "a number beyond the IEEE 754 double range (it cannot be"
          + " canonicalized, RFC 8785)", "params.arguments." + unencodable);
    }
    String illFormed = Json.illFormedUnicodeMember(arguments);
    if (illFormed != null) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS, "not well-formed Unicode (a lone surrogate)",
          "params.arguments." + illFormed);
    }
    if (Jcs.canonicalize(arguments).length > maxArgumentBytes) {
      throw new JsonRpcError(McpProtocol.INVALID_PARAMS,
          "arguments exceed fxg.mcp.max-argument-bytes (" + maxArgumentBytes + " bytes)", "params.arguments");
    }
    return new Parsed(name.asText(), (ObjectNode) arguments);
  }

  /** Runs the call; completes with the JSON-RPC response (never exceptionally). */
  CompletionStage<ObjectNode> call(JsonNode requestId, Authenticated caller, TargetRef target, Parsed call,
      String requestDigest, McpSessions.Session session) {
    String executionId = ExecutionIds.next(clock.instant());
    ExecutionIntent intent = new ExecutionIntent(executionId,
        new Caller(caller.domain(), caller.name(), Caller.PRINCIPAL), target,
        McpProtocol.TOOL_ACTION_PREFIX + call.name(), target.id(), call.arguments(), null,
        settings.callMaxDurationSeconds(), requestDigest, caller.roles());
    EntityRef<Execution.Command> entity = sharding.entityRefFor(Execution.TYPE_KEY, executionId);
    String key = requestId.asText();
    session.inFlight.put(key, executionId);
    Duration wait = Duration.ofSeconds(settings.callMaxDurationSeconds()).plus(WAIT_SLACK);
    return entity.<Execution.ViewReply>ask(r -> new Execution.Submit(intent, r), askTimeout)
        .thenCompose(submitted -> submitted.view() == null
            ? CompletableFuture.completedFuture(submitted)
            : entity.<Execution.ViewReply>ask(Execution.AwaitTerminal::new, wait)
                .exceptionallyCompose(timeout -> entity.ask(Execution.GetView::new, askTimeout)))
        .thenApply(reply -> answer(requestId, executionId, reply.view()))
        .exceptionally(error -> McpProtocol.error(requestId, McpProtocol.UNAVAILABLE,
            "the gateway did not answer in time; execution " + executionId,
            Json.object().put("executionId", executionId)))
        .whenComplete((answer, error) -> session.inFlight.remove(key));
  }

  /** Cancels the execution a request of this session started, as its caller (a client's notifications/cancelled). */
  void cancel(McpSessions.Session session, String requestId) {
    String executionId = session.inFlight.get(requestId);
    if (executionId != null) {
      sharding.entityRefFor(Execution.TYPE_KEY, executionId)
          .<Execution.Ack>ask(r -> new Execution.Cancel(session.principal, r), askTimeout);
    }
  }

  static ObjectNode answer(JsonNode requestId, String executionId, ExecutionView view) {
    if (view == null) {
      return McpProtocol.error(requestId, McpProtocol.INTERNAL_ERROR, "execution " + executionId + " could not be created",
          Json.object().put("executionId", executionId));
    }
    ExecutionView.OutcomeView outcome = view.outcome();
    if ("completed".equals(view.status())) {
      JsonNode upstream = outcome == null ? null : outcome.result();
      ObjectNode result = upstream != null && upstream.isObject() ? ((ObjectNode) upstream).deepCopy() : Json.object();
      if (!result.has("content")) {
        result.putArray("content");
      }
      JsonNode meta = result.get("_meta");
      ObjectNode withId = meta != null && meta.isObject() ? (ObjectNode) meta : result.putObject("_meta");
      withId.put(McpProtocol.META_EXECUTION_ID, executionId);
      return McpProtocol.result(requestId, result);
    }
    ObjectNode data = Json.object().put("executionId", executionId).put("status", view.status()).put("phase", view.phase());
    String reason = outcome == null ? view.status() : outcome.reason();
    String detail = outcome == null ? "" : outcome.detail();
    data.put("reason", reason);
    data.put("detail", detail);
    int code = switch (view.status()) {
      case "denied" -> McpProtocol.EXECUTION_DENIED;
      case "interrupted" -> McpProtocol.EXECUTION_INTERRUPTED;
      case "failed" -> McpProtocol.EXECUTION_FAILED;
      default -> McpProtocol.UNAVAILABLE;
    };
    String message = switch (view.status()) {
      case "denied", "interrupted", "failed" -> view.status() + ": " + reason + " (execution " + executionId + ")";
      default -> "execution " + executionId + " is still " + view.status() + "; follow it at /v1/executions/" + executionId;
    };
    return McpProtocol.error(requestId, code, message, data);
  }

  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return (node.isContainerNode() ? 1 : 0) + deepest;
  }
}
