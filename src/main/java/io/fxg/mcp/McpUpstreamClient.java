package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The gateway's client of an upstream MCP tool server (Streamable HTTP, protocol {@link
 * McpProtocol#LATEST}): every request RFC 9421-signed with the gateway key, as every other call
 * the gateway makes to an environment. One session per use ({@link #open}, requests, {@link
 * #close}), so nothing is shared between executions.
 *
 * <p>Written on Jackson and the JDK HTTP client rather than the SDK's client because a governed
 * call needs what that client does not expose: the JSON-RPC request id and the session id (for
 * {@code notifications/cancelled} when the execution is interrupted), and a signature over every
 * request's exact body.
 */
public final class McpUpstreamClient implements AutoCloseable {
  /** An upstream answer larger than this is refused: a tool server cannot flood the gateway. */
  public static final int MAX_RESPONSE_BYTES = 1024 * 1024;

  /** An open upstream session. */
  public record Session(URI endpoint, String sessionId, String protocolVersion) {}

  /** A live request: abort it to stop reading its answer. */
  public static final class Pending {
    private final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    private volatile InputStream body;

    public CompletionStage<JsonNode> result() {
      return result;
    }

    /** Stops reading the answer; the result completes exceptionally. */
    public void abort() {
      result.completeExceptionally(new McpException("aborted", "the call was cancelled"));
      InputStream open = body;
      if (open != null) {
        try {
          open.close();
        } catch (IOException ignored) {
          // closing is best effort: the reader thread ends on the closed stream either way
        }
      }
    }
  }

  private final HttpClient http;
  private final MessageSigner signer;
  private final Duration timeout;
  private final ExecutorService readers;

  public McpUpstreamClient(Signer gatewayKey, Duration timeout) {
    this.signer = MessageSigner.create(gatewayKey, Clock.systemUTC());
    this.timeout = timeout;
    this.readers = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fxg-mcp-upstream");
      thread.setDaemon(true);
      return thread;
    });
    this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(readers).build();
  }

  /** {@code initialize}, then {@code notifications/initialized}. */
  public CompletionStage<Session> open(URI endpoint) {
    ObjectNode params = Json.object();
    params.put("protocolVersion", McpProtocol.LATEST);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "fxg-gateway").put("version", McpProtocol.SERVER_VERSION);
    Session bare = new Session(endpoint, null, null);
    Pending init = send(bare, McpProtocol.request("fxg-init", "initialize", params), Map.of(), null, true, timeout);
    return init.result().thenCompose(reply -> {
      if (!reply.path("result").isObject()) {
        return CompletableFuture.<Session>failedFuture(new McpException("initialize",
            "the MCP server refused initialize: " + reply.path("error").path("message").asText("no result")));
      }
      Session session = new Session(endpoint, reply.path("sessionId").asText(null),
          reply.path("result").path("protocolVersion").asText(McpProtocol.LATEST));
      return notify(session, "notifications/initialized", null).thenApply(ignored -> session);
    });
  }

  /**
   * Sends a request; the result completes with its {@code result} member, or exceptionally with
   * {@link McpException} for a JSON-RPC error or a transport failure.
   */
  public Pending request(Session session, String id, String method, ObjectNode params, Map<String, String> headers,
      Consumer<ObjectNode> progress) {
    return request(session, id, method, params, headers, progress, timeout);
  }

  /** As above, waiting at most {@code wait} for the answer to begin (a tool call: its deadline). */
  public Pending request(Session session, String id, String method, ObjectNode params, Map<String, String> headers,
      Consumer<ObjectNode> progress, Duration wait) {
    return send(session, McpProtocol.request(id, method, params), headers, progress, false, wait);
  }

  /** Sends a notification; completes with the upstream status. */
  public CompletionStage<Integer> notify(Session session, String method, ObjectNode params) {
    ObjectNode message = Json.object().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return http.sendAsync(post(session, Json.writeBytes(message), Map.of(), timeout), HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode)
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Ends the session (DELETE); failures are ignored, the server expires it anyway. */
  public void close(Session session) {
    if (session.sessionId() == null) {
      return;
    }
    SignedRequestView view = SignedRequestView.of("DELETE", session.endpoint(), Map.of(), new byte[0]);
    HttpRequest.Builder request = HttpRequest.newBuilder(session.endpoint()).DELETE().timeout(timeout)
        .header("Mcp-Session-Id", session.sessionId());
    signer.sign(view).asMap().forEach(request::header);
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  private HttpRequest post(Session session, byte[] body, Map<String, String> headers, Duration wait) {
    SignedRequestView view = SignedRequestView.of("POST", session.endpoint(),
        Map.of("content-type", List.of("application/json")), body);
    HttpRequest.Builder request = HttpRequest.newBuilder(session.endpoint())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(wait)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    if (session.sessionId() != null) {
      request.header("Mcp-Session-Id", session.sessionId());
      request.header("MCP-Protocol-Version", session.protocolVersion());
    }
    signer.sign(view).asMap().forEach(request::header);
    headers.forEach(request::header);
    return request.build();
  }

  private Pending send(Session session, ObjectNode message, Map<String, String> headers, Consumer<ObjectNode> progress,
      boolean withSessionId, Duration wait) {
    Pending pending = new Pending();
    String id = message.get("id").asText();
    http.sendAsync(post(session, Json.writeBytes(message), headers, wait), HttpResponse.BodyHandlers.ofInputStream())
        .whenComplete((response, error) -> {
          if (error != null) {
            pending.result.completeExceptionally(new McpException("unreachable",
                "the MCP server could not be reached: " + error.getMessage()));
            return;
          }
          pending.body = response.body();
          if (pending.result.isDone()) {
            pending.abort();
            return;
          }
          try (InputStream in = new Bounded(response.body(), MAX_RESPONSE_BYTES)) {
            JsonNode reply = read(response, in, id, progress);
            if (withSessionId) {
              ObjectNode withSession = ((ObjectNode) reply).deepCopy();
              response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> withSession.put("sessionId", s));
              pending.result.complete(withSession);
            } else if (reply.has("error")) {
              JsonNode e = reply.get("error");
              pending.result.completeExceptionally(new McpException("error " + e.path("code").asInt(),
                  e.path("message").asText("")));
            } else {
              pending.result.complete(reply.path("result"));
            }
          } catch (McpException e) {
            pending.result.completeExceptionally(e);
          } catch (IOException | RuntimeException e) {
            pending.result.completeExceptionally(new McpException("unreadable",
                "the MCP server's answer could not be read: " + e.getMessage()));
          }
        });
    return pending;
  }

  /** The JSON-RPC response with {@code id}, from a JSON body or an SSE stream (progress relayed). */
  private static JsonNode read(HttpResponse<InputStream> response, InputStream in, String id,
      Consumer<ObjectNode> progress) throws IOException, McpException {
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (status != 200) {
      byte[] head = in.readNBytes(200);
      throw new McpException("status " + status,
          "upstream " + status + ": " + new String(head, StandardCharsets.UTF_8));
    }
    if (!type.startsWith("text/event-stream")) {
      return Json.parse(in.readAllBytes());
    }
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("data:")) {
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
      } else if (line.isEmpty() && data.length() > 0) {
        JsonNode event = Json.parse(data.toString());
        data.setLength(0);
        if (id.equals(event.path("id").asText(null)) && (event.has("result") || event.has("error"))) {
          return event;
        }
        if ("notifications/progress".equals(event.path("method").asText()) && event.path("params").isObject()
            && progress != null) {
          progress.accept((ObjectNode) event.get("params"));
        }
      }
    }
    throw new McpException("no-answer", "the event stream ended without an answer to " + id);
  }

  @Override
  public void close() {
    readers.shutdownNow();
  }

  /** Reads at most {@code limit} bytes of an answer, then fails: no upstream can make the gateway buffer more. */
  private static final class Bounded extends java.io.FilterInputStream {
    private long left;

    Bounded(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        spend(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n > 0) {
        spend(n);
      }
      return n;
    }

    private void spend(int n) throws IOException {
      left -= n;
      if (left < 0) {
        throw new IOException("the answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
      }
    }
  }
}
