package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fxg.crypto.Signer;
import io.fxg.environment.ArtifactVerifier;
import io.fxg.environment.AttestationSigner;
import io.fxg.environment.JwksKeys;
import io.fxg.environment.Measurements;
import io.fxg.httpsig.InMemoryNonceRegistry;
import io.fxg.httpsig.KeyResolver;
import io.fxg.httpsig.MessageVerifier;
import io.fxg.serialization.Json;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A target environment of kind {@code mcp}: an MCP tool server (the SDK's Streamable HTTP servlet
 * transport at {@code /mcp}, on Jetty) that also answers the gateway's attestation challenge at
 * {@code /fxg/attest}, as any fxg environment does. Every request must carry the gateway's RFC 9421
 * signature; every {@code tools/call} must carry the gateway's authorization artifact ({@code
 * Fxg-Authorization}) for exactly that tool, resource and arguments, else the tool does not run
 * and the call answers with a tool error naming the failed check.
 */
public final class McpToolServer implements AutoCloseable {
  static final String ARTIFACT = "fxg.artifact";

  private final Server jetty;
  private final McpSyncServer mcp;
  private final Measurements measurements;
  private final Cancellations cancellations;
  private final String environmentId;

  private McpToolServer(Builder b) throws Exception {
    this.environmentId = b.environmentKey.keyId();
    this.measurements = new Measurements(b.measurements);
    this.cancellations = new Cancellations();
    Supplier<JwksKeys> gatewayKeys = b.gatewayKeys;
    KeyResolver resolver = keyId -> gatewayKeys.get().find(keyId).map(KeyResolver.KeyLookup::found)
        .orElseGet(KeyResolver.KeyLookup::unknown);
    MessageVerifier signatures = new MessageVerifier(resolver,
        new InMemoryNonceRegistry(b.clock, MessageVerifier.DEFAULT_MAX_SKEW, InMemoryNonceRegistry.DEFAULT_CAPACITY),
        b.clock, MessageVerifier.DEFAULT_MAX_SKEW);
    ArtifactVerifier artifacts = new ArtifactVerifier(environmentId, gatewayKeys, b.clock, ArtifactVerifier.DEFAULT_LEEWAY);

    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
        .mcpEndpoint(McpDispatch.MCP_PATH)
        .contextExtractor(request -> McpTransportContext.create(artifactOf(request)))
        .build();
    List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
    b.tools.forEach((tool, handler) -> tools.add(McpServerFeatures.SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> run(artifacts, tool, handler, exchange, request))
        .build()));
    this.mcp = McpServer.sync(transport)
        .serverInfo("fxg-tool-server " + environmentId, McpProtocol.SERVER_VERSION)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .requestTimeout(b.requestTimeout)
        .tools(tools)
        .build();

    this.jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(b.host);
    connector.setPort(b.port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new GatewayRequestFilter(signatures, cancellations)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    ServletHolder mcpServlet = new ServletHolder(transport);
    mcpServlet.setAsyncSupported(true);
    context.addServlet(mcpServlet, McpDispatch.MCP_PATH);
    context.addServlet(new ServletHolder(new AttestServlet(new AttestationSigner(b.environmentKey, b.clock), measurements)),
        "/fxg/attest");
    jetty.setHandler(context);
    jetty.start();
  }

  private static Map<String, Object> artifactOf(HttpServletRequest request) {
    Map<String, Object> values = new HashMap<>();
    String artifact = request.getHeader("Fxg-Authorization");
    if (artifact != null) {
      values.put(ARTIFACT, artifact);
    }
    return values;
  }

  private McpSchema.CallToolResult run(ArtifactVerifier artifacts, McpSchema.Tool tool, ToolCall.Handler handler,
      io.modelcontextprotocol.server.McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    Object token = request.meta() == null ? null : request.meta().get("progressToken");
    String progressToken = token == null ? null : token.toString();
    Object artifact = exchange.transportContext().get(ARTIFACT);
    JsonNode parameters = Json.mapper().valueToTree(arguments);
    ArtifactVerifier.Result verdict = artifacts.verify(artifact == null ? null : artifact.toString(),
        new ArtifactVerifier.Scope(progressToken, McpProtocol.TOOL_ACTION_PREFIX + tool.name(), environmentId, parameters));
    if (verdict instanceof ArtifactVerifier.Refused refused) {
      return McpSchema.CallToolResult.builder().isError(true)
          .addTextContent("refused: authorization artifact " + refused.check() + ": " + refused.detail()).build();
    }
    try {
      return handler.call(new ToolCall(tool.name(), arguments, progressToken, ((ArtifactVerifier.Verified) verdict).claims(),
          exchange, cancellations));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return McpSchema.CallToolResult.builder().isError(true).addTextContent("interrupted").build();
    } catch (Exception e) {
      return McpSchema.CallToolResult.builder().isError(true).addTextContent("tool failed: " + e.getMessage()).build();
    }
  }

  public static Builder builder(Signer environmentKey) {
    return new Builder(environmentKey);
  }

  /** {@code DOMAIN/ENVIRONMENT}, the key id. */
  public String environmentId() {
    return environmentId;
  }

  /** The base URL to register as the environment's {@code endpoint}; MCP is at {@code /mcp} below it. */
  public URI endpoint() {
    return URI.create("http://" + ((ServerConnector) jetty.getConnectors()[0]).getHost() + ":" + port());
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** The measurements it attests (tests change one to see trust fail). */
  public Measurements measurements() {
    return measurements;
  }

  /** The {@code notifications/cancelled} it received. */
  public Cancellations cancellations() {
    return cancellations;
  }

  @Override
  public void close() {
    try {
      mcp.closeGracefully();
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the tool server did not stop cleanly", e);
    }
  }

  /** Collects the server's configuration; {@link #start()} binds the port. */
  public static final class Builder {
    private final Signer environmentKey;
    private String host = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private Duration requestTimeout = Duration.ofMinutes(10);
    private Supplier<JwksKeys> gatewayKeys;
    private final Map<String, String> measurements = new HashMap<>();
    private final Map<McpSchema.Tool, ToolCall.Handler> tools = new java.util.LinkedHashMap<>();

    private Builder(Signer environmentKey) {
      if (environmentKey.keyId() == null || !environmentKey.keyId().contains("/")) {
        throw new IllegalArgumentException("the environment key id is DOMAIN/ENVIRONMENT");
      }
      this.environmentKey = environmentKey;
    }

    public Builder host(String newHost) {
      this.host = newHost;
      return this;
    }

    /** The port to listen on; 0 picks a free one. */
    public Builder port(int newPort) {
      this.port = newPort;
      return this;
    }

    public Builder clock(Clock newClock) {
      this.clock = newClock;
      return this;
    }

    /** The gateway's current keys (its JWKS), consulted on every request. */
    public Builder gatewayKeys(Supplier<JwksKeys> keys) {
      this.gatewayKeys = keys;
      return this;
    }

    public Builder measurement(String name, String digest) {
      measurements.put(name, digest);
      return this;
    }

    public Builder tool(McpSchema.Tool tool, ToolCall.Handler handler) {
      tools.put(tool, handler);
      return this;
    }

    public McpToolServer start() throws Exception {
      if (gatewayKeys == null) {
        throw new IllegalStateException("gatewayKeys is required");
      }
      return new McpToolServer(this);
    }
  }
}
