package io.fxg.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.DispatchOutcome;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.TargetDispatch;
import io.fxg.execution.TargetRef;
import io.fxg.identity.DomainDocument;
import io.fxg.serialization.Json;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Phases 5 and 7 for environments of kind {@code mcp}: an execution with action {@code
 * mcp.tool/<name>} becomes a {@code tools/call} on the environment's MCP endpoint ({@code
 * {endpoint}/mcp}), with the tool arguments = the execution's parameters, the artifact in {@code
 * Fxg-Authorization}, request id and progress token = the execution id. Its result completes the
 * execution; its {@code notifications/progress} are relayed as {@code execution.progress}; an
 * interruption sends {@code notifications/cancelled} and stops reading. Every other environment
 * goes to {@code contract} (the fxg target contract) unchanged.
 */
public final class McpDispatch implements TargetDispatch {
  /** The relative path of an MCP environment's endpoint. */
  public static final String MCP_PATH = "/mcp";

  /**
   * One upstream call of this node, from before its session opens: a cancel that comes while the
   * session is being opened marks it, and the tool call is then never sent.
   */
  private static final class Live {
    McpUpstreamClient.Session session;
    McpUpstreamClient.Pending call;
    boolean cancelled;
  }

  private final TargetDispatch contract;
  private final McpUpstreamClient client;
  private final Function<TargetRef, Optional<DomainDocument.Environment>> environments;
  private final BiConsumer<String, ObjectNode> progress;
  private final Map<String, Live> live = new ConcurrentHashMap<>();

  /**
   * @param environments the registered environment of a target, empty when unknown
   * @param progress told (execution id, progress params) for every upstream progress notification
   */
  public McpDispatch(TargetDispatch contract, McpUpstreamClient client,
      Function<TargetRef, Optional<DomainDocument.Environment>> environments, BiConsumer<String, ObjectNode> progress) {
    this.contract = contract;
    this.client = client;
    this.environments = environments;
    this.progress = progress;
  }

  /** The MCP endpoint of an MCP environment. */
  public static URI endpointOf(DomainDocument.Environment environment) {
    return URI.create(environment.endpoint() + MCP_PATH);
  }

  @Override
  public CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact) {
    Optional<DomainDocument.Environment> environment = environments.apply(intent.target());
    if (environment.isEmpty() || !environment.get().isMcp()) {
      return contract.execute(intent, artifact);
    }
    if (!intent.action().startsWith(McpProtocol.TOOL_ACTION_PREFIX)) {
      return CompletableFuture.completedFuture(new DispatchOutcome.Failed("dispatch.not-a-tool",
          "environment " + intent.target().id() + " is an MCP tool server; actions must be mcp.tool/<name>", 0));
    }
    String tool = intent.action().substring(McpProtocol.TOOL_ACTION_PREFIX.length());
    ObjectNode params = Json.object().put("name", tool);
    params.set("arguments", intent.parameters());
    params.putObject("_meta").put("progressToken", intent.executionId());
    String id = intent.executionId();
    Live entry = new Live();
    live.put(id, entry);
    return client.open(endpointOf(environment.get()))
        .thenCompose(session -> {
          McpUpstreamClient.Pending call;
          synchronized (entry) {
            if (entry.cancelled) {
              client.close(session);
              return CompletableFuture.<com.fasterxml.jackson.databind.JsonNode>failedFuture(new McpException(
                  "cancelled", "the execution was interrupted before the tool call was sent"));
            }
            entry.session = session;
            call = client.request(session, id, "tools/call", params, Map.of("Fxg-Authorization", artifact),
                update -> progress.accept(id, update), java.time.Duration.ofSeconds(intent.maxDurationSeconds()));
            entry.call = call;
          }
          return call.result().whenComplete((result, error) -> client.close(session));
        })
        .whenComplete((result, error) -> live.remove(id, entry))
        .<DispatchOutcome>thenApply(DispatchOutcome.Completed::new)
        .exceptionally(McpDispatch::failure);
  }

  private static DispatchOutcome failure(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof McpException upstream) {
      return new DispatchOutcome.Failed("target.upstream-error", "MCP " + upstream.check() + ": " + upstream.getMessage(), 0);
    }
    return new DispatchOutcome.Failed("target.unreachable", "the MCP server could not be reached: " + cause, 0);
  }

  @Override
  public CompletionStage<String> cancel(ExecutionIntent intent, String reason) {
    Optional<DomainDocument.Environment> environment = environments.apply(intent.target());
    if (environment.isEmpty() || !environment.get().isMcp()) {
      return contract.cancel(intent, reason);
    }
    Live entry = live.remove(intent.executionId());
    if (entry == null) {
      return CompletableFuture.completedFuture("no upstream call in progress on this node");
    }
    McpUpstreamClient.Session session;
    McpUpstreamClient.Pending call;
    synchronized (entry) {
      entry.cancelled = true;
      session = entry.session;
      call = entry.call;
    }
    if (call == null) {
      return CompletableFuture.completedFuture("not needed: interrupted before the tool call was sent");
    }
    ObjectNode params = Json.object().put("requestId", intent.executionId()).put("reason", reason);
    return client.notify(session, "notifications/cancelled", params)
        .handle((status, error) -> {
          call.abort();
          client.close(session);
          return error == null ? "delivered: notifications/cancelled, upstream " + status
              : "not delivered: " + error.getMessage();
        });
  }
}
