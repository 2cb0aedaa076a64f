package io.fxg.mcp;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.http.Admission;
import io.fxg.http.Authenticator;
import io.fxg.http.Call;
import io.fxg.http.HttpSettings;
import io.fxg.http.NodeHealth;
import io.fxg.http.RouteSupport;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The MCP endpoint {@code /mcp/{domain}/{environment}} (Streamable HTTP, SPEC section 14) and
 * its protected-resource metadata. Pekko HTTP is not a servlet container, so the SDK's server
 * transports do not fit; this class is the JSON-RPC layer, on Jackson, answering every request
 * with one JSON body ({@code application/json}, which the transport allows for any POST).
 *
 * <p>Order of checks: the body's size (413), the caller (an RFC 9421 signature or a bearer token
 * from {@code POST /v1/tokens}; 401 with the MCP authorization hints otherwise), the environment
 * (registered and of kind {@code mcp}, else 404), then JSON-RPC: parse error, batch or malformed
 * message, session (missing: 400, unknown: 404), method. Nothing runs before all of them pass.
 */
public final class McpRoutes extends RouteSupport {
  private final McpCallers callers;
  private final McpSessions sessions;
  private final ToolCatalog catalog;
  private final ToolCalls calls;
  private final NodeHealth health;
  private final McpSettings mcp;
  /** MCP POSTs in progress, limited like submissions ({@code fxg.http.max-pending-submissions}). */
  private final Admission admission;

  McpRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator, McpCallers callers,
      McpSessions sessions, ToolCatalog catalog, ToolCalls calls, NodeHealth health, McpSettings mcp) {
    super(system, settings, authenticator);
    this.callers = callers;
    this.sessions = sessions;
    this.catalog = catalog;
    this.calls = calls;
    this.health = health;
    this.mcp = mcp;
    this.admission = new Admission(settings.maxPendingSubmissions());
  }

  public Route route() {
    return concat(
        pathPrefix("mcp", () -> path(PathMatchers.segment().slash(PathMatchers.segment()), (domain, environment) ->
            concat(
                post(() -> serveAdmitted(admission, call -> post(call, domain, environment))),
                delete(() -> serve(call -> delete(call, domain, environment))),
                get(() -> complete(HttpResponse.create().withStatus(405)
                    .addHeader(RawHeader.create("Allow", "POST, DELETE"))
                    .withEntity(ContentTypes.APPLICATION_JSON, Json.writeBytes(McpProtocol.error(null,
                        McpProtocol.INVALID_REQUEST, "this endpoint offers no server-initiated stream; POST messages", null)))))))),
        path(segment(".well-known").slash("oauth-protected-resource").slash("mcp").slash(PathMatchers.segment())
                .slash(PathMatchers.segment()),
            (domain, environment) -> get(() -> extractRequest(request -> complete(json(200,
                ProtectedResource.metadata(ProtectedResource.base(request), domain, environment)))))));
  }

  private CompletionStage<HttpResponse> post(Call call, String domain, String environment) {
    McpCallers.Target target;
    try {
      target = callers.admit(call, domain, environment);
    } catch (McpCallers.Unauthorized e) {
      return CompletableFuture.completedFuture(e.response(call));
    }
    JsonNode message;
    try {
      message = Json.parse(call.body());
    } catch (Exception e) {
      message = null;
    }
    if (message == null || message.isMissingNode()) {
      return reply(400, McpProtocol.error(null, McpProtocol.PARSE_ERROR, "parse error: the body is not JSON", null));
    }
    if (message.isArray()) {
      return reply(400, McpProtocol.error(null, McpProtocol.INVALID_REQUEST,
          "batches are not part of MCP " + McpProtocol.LATEST + "; send one message per request", null));
    }
    JsonNode id = message.get("id");
    boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
    if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
      return reply(400, McpProtocol.error(validId ? id : null, McpProtocol.INVALID_REQUEST,
          "invalid request: a JSON-RPC 2.0 object is required (\"jsonrpc\": \"2.0\")", null));
    }
    if (!message.has("method")) {
      // A response or error from the client: fxg sends no requests to clients, so there is nothing to match.
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(202));
    }
    if (!message.get("method").isTextual() || (id != null && !validId)
        || (message.has("params") && !message.get("params").isObject())) {
      return reply(400, McpProtocol.error(validId ? id : null, McpProtocol.INVALID_REQUEST,
          "invalid request: method must be a string, id a string or integer, params an object", null));
    }
    String method = message.get("method").asText();
    if (id == null) {
      return notification(call, target, method, message.path("params"));
    }
    if ("initialize".equals(method)) {
      return initialize(target, id, message.path("params"));
    }
    McpSessions.Session session;
    try {
      session = session(call, target, id);
    } catch (SessionRefused refused) {
      return reply(refused.status, refused.error);
    }
    switch (method) {
      case "ping":
        return reply(200, McpProtocol.result(id, Json.object()));
      case "tools/list":
        return catalog.list(target.caller(), target.ref(), target.environment())
            .thenApply(result -> respond(200, McpProtocol.result(id, result)))
            .exceptionally(error -> respond(200, upstreamError(id, error)));
      case "tools/call":
        ToolCalls.Parsed parsed;
        try {
          parsed = ToolCalls.parse(message.get("params"), mcp.maxArgumentBytes());
        } catch (JsonRpcError e) {
          return reply(200, McpProtocol.error(id, e.code(), e.getMessage(), Json.object().put("field", e.field())));
        }
        health.requireAcceptingExecutions();
        return calls.call(id, target.caller(), target.ref(), parsed, requestDigest(call), session)
            .thenApply(answer -> respond(200, answer));
      default:
        return reply(200, McpProtocol.error(id, McpProtocol.METHOD_NOT_FOUND, "method not found: " + method, null));
    }
  }

  private CompletionStage<HttpResponse> initialize(McpCallers.Target target, JsonNode id, JsonNode params) {
    String asked = params.path("protocolVersion").asText("");
    String version = McpProtocol.SUPPORTED.contains(asked) ? asked : McpProtocol.LATEST;
    return sessions.open(target.caller().keyId(), target.ref().id(), version)
        .<CompletionStage<HttpResponse>>map(session -> {
          ObjectNode result = Json.object().put("protocolVersion", version);
          result.putObject("capabilities").putObject("tools").put("listChanged", false);
          result.putObject("serverInfo").put("name", "fxg").put("version", McpProtocol.SERVER_VERSION);
          result.put("instructions", "Every tools/call is a governed fxg execution of mcp.tool/<name> on "
              + target.ref().id() + "; its execution id is in the result's _meta[\"" + McpProtocol.META_EXECUTION_ID + "\"].");
          return CompletableFuture.completedFuture(respond(200, McpProtocol.result(id, result))
              .addHeader(RawHeader.create("Mcp-Session-Id", session.id())));
        })
        .orElseGet(() -> reply(503, McpProtocol.error(id, McpProtocol.UNAVAILABLE,
            "no session can be opened: this node holds fxg.mcp.max-sessions, or the caller "
                + McpSessions.MAX_PER_PRINCIPAL + "; end one (DELETE) or retry later", null)));
  }

  private CompletionStage<HttpResponse> notification(Call call, McpCallers.Target target, String method, JsonNode params) {
    if ("notifications/cancelled".equals(method)) {
      call.header("Mcp-Session-Id")
          .flatMap(sid -> sessions.find(sid, target.caller().keyId(), target.ref().id()))
          .ifPresent(session -> {
            JsonNode requestId = params.path("requestId");
            if (requestId.isTextual() || requestId.isIntegralNumber()) {
              calls.cancel(session, requestId.asText());
            }
          });
    }
    return CompletableFuture.completedFuture(HttpResponse.create().withStatus(202));
  }

  private CompletionStage<HttpResponse> delete(Call call, String domain, String environment) {
    McpCallers.Target target;
    try {
      target = callers.admit(call, domain, environment);
    } catch (McpCallers.Unauthorized e) {
      return CompletableFuture.completedFuture(e.response(call));
    }
    try {
      sessions.close(session(call, target, null));
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(204));
    } catch (SessionRefused refused) {
      return reply(refused.status, refused.error);
    }
  }

  private McpSessions.Session session(Call call, McpCallers.Target target, JsonNode id) throws SessionRefused {
    String sid = call.header("Mcp-Session-Id").orElse(null);
    if (sid == null) {
      throw new SessionRefused(400, McpProtocol.error(id, McpProtocol.INVALID_REQUEST,
          "missing Mcp-Session-Id header: initialize first", null));
    }
    McpSessions.Session session = sessions.find(sid, target.caller().keyId(), target.ref().id())
        .orElseThrow(() -> new SessionRefused(404, McpProtocol.error(id, McpProtocol.INVALID_REQUEST,
            "unknown or expired session: initialize again", null)));
    String version = call.header("MCP-Protocol-Version").orElse(session.protocolVersion());
    if (!McpProtocol.SUPPORTED.contains(version)) {
      throw new SessionRefused(400, McpProtocol.error(id, McpProtocol.INVALID_REQUEST,
          "unsupported MCP-Protocol-Version " + version + "; supported: " + McpProtocol.SUPPORTED, null));
    }
    return session;
  }

  private static ObjectNode upstreamError(JsonNode id, Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof JsonRpcError e) {
      return McpProtocol.error(id, e.code(), e.getMessage(), null);
    }
    return McpProtocol.error(id, McpProtocol.UNAVAILABLE, "the upstream tool server did not list its tools: "
        + cause.getMessage(), null);
  }

  /** What the execution's artifact commits to ({@code req}): method, path, body digest and credential. */
  private static String requestDigest(Call call) {
    String credential = call.header("Signature")
        .orElseGet(() -> "bearer " + Digests.digestString(call.header("Authorization").orElse("")
            .getBytes(StandardCharsets.UTF_8)));
    String base = call.request().method().value() + " " + call.request().getUri().path() + "\n"
        + Digests.digestString(call.body()) + "\n" + credential;
    return Digests.digestString(base.getBytes(StandardCharsets.UTF_8));
  }

  private static CompletionStage<HttpResponse> reply(int status, ObjectNode body) {
    return CompletableFuture.completedFuture(respond(status, body));
  }

  private static HttpResponse respond(int status, ObjectNode body) {
    return json(status, body);
  }

  static HttpResponse json(int status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, Json.writeBytes(body));
  }

  private static final class SessionRefused extends Exception {
    final int status;
    final ObjectNode error;

    SessionRefused(int status, ObjectNode error) {
      super(error.path("error").path("message").asText());
      this.status = status;
      this.error = error;
    }
  }

}
