package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.TargetRef;
import io.fxg.http.Authenticated;
import io.fxg.identity.DomainDocument;
import io.fxg.policy.CompiledPolicy;
import io.fxg.policy.Decision;
import io.fxg.policy.DecisionInput;
import io.fxg.policy.PolicyGovernance;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code tools/list}: the upstream server's tools, less those the caller's policy could never
 * permit. Each tool is dry-run through the synchronised policy ({@link CompiledPolicy#couldPermit})
 * as action {@code mcp.tool/<name>} on resource {@code <domain>/<environment>}; a listed tool
 * carries in {@code _meta} the obligations that would apply and whether a condition on the
 * arguments still decides. Listing runs nothing and records nothing; each call is decided anew.
 */
final class ToolCatalog {
  /** Pages of upstream tools followed at most, and tools listed at most. */
  static final int MAX_PAGES = 10;
  static final int MAX_TOOLS = 1000;

  private final McpUpstreamClient upstream;
  private final Supplier<CompiledPolicy> policy;
  private final Clock clock;

  ToolCatalog(McpUpstreamClient upstream, Supplier<CompiledPolicy> policy, Clock clock) {
    this.upstream = upstream;
    this.policy = policy;
    this.clock = clock;
  }

  /** Completes with the {@code tools/list} result, or exceptionally with {@link JsonRpcError}. */
  CompletionStage<ObjectNode> list(Authenticated caller, TargetRef target, DomainDocument.Environment environment) {
    CompiledPolicy active = policy.get();
    if (active == null) {
      return CompletableFuture.failedFuture(new JsonRpcError(McpProtocol.UNAVAILABLE,
          "this node's policy is not synchronised with the cluster; retry shortly", null));
    }
    ArrayNode tools = Json.mapper().createArrayNode();
    return upstream.open(McpDispatch.endpointOf(environment))
        .thenCompose(session -> page(session, null, tools, 0)
            .whenComplete((done, error) -> upstream.close(session)))
        .thenApply(all -> {
          ObjectNode result = Json.object();
          ArrayNode listed = result.putArray("tools");
          for (JsonNode tool : all) {
            annotated(active, caller, target, tool).ifPresent(listed::add);
          }
          return result;
        });
  }

  private CompletionStage<ArrayNode> page(McpUpstreamClient.Session session, String cursor, ArrayNode tools, int pages) {
    ObjectNode params = Json.object();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    return upstream.request(session, "fxg-list-" + pages, "tools/list", params, Map.of(), null).result()
        .thenCompose(result -> {
          for (JsonNode tool : result.path("tools")) {
            if (tools.size() < MAX_TOOLS && tool.isObject() && tool.path("name").isTextual()
                && ToolCalls.TOOL_NAME.matcher(tool.get("name").asText()).matches()) {
              tools.add(tool);
            }
          }
          String next = result.path("nextCursor").asText(null);
          return next == null || pages + 1 >= MAX_PAGES || tools.size() >= MAX_TOOLS
              ? CompletableFuture.completedFuture(tools)
              : page(session, next, tools, pages + 1);
        });
  }

  private java.util.Optional<ObjectNode> annotated(CompiledPolicy active, Authenticated caller, TargetRef target,
      JsonNode tool) {
    String name = tool.get("name").asText();
    Decision decision = active.couldPermit(DecisionInput.builder()
        .caller(caller.domain(), caller.name())
        .target(target.domain(), target.environment())
        .action(McpProtocol.TOOL_ACTION_PREFIX + name)
        .resource(target.id())
        .callerRoles(caller.roles())
        .now(clock.instant())
        .build());
    if (!decision.permitted()) {
      return java.util.Optional.empty();
    }
    ObjectNode copy = ((ObjectNode) tool).deepCopy();
    JsonNode meta = copy.get("_meta");
    ObjectNode annotations = meta != null && meta.isObject() ? (ObjectNode) meta : copy.putObject("_meta");
    annotations.set(McpProtocol.META_OBLIGATIONS, PolicyGovernance.obligationsJson(decision.obligations()));
    annotations.put(McpProtocol.META_CONDITIONAL, Decision.CONDITIONAL.equals(decision.reason()));
    return java.util.Optional.of(copy);
  }
}
