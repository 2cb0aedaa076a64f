package io.fxg.environment;

import com.sun.net.httpserver.HttpServer;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.InMemoryNonceRegistry;
import io.fxg.httpsig.KeyResolver;
import io.fxg.httpsig.MessageVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A target environment's HTTP endpoint (SPEC section 7): {@code POST /fxg/attest}, {@code
 * /fxg/execute} and {@code /fxg/cancel} on the JDK HTTP server. Every call must be RFC 9421-signed
 * by a key in the gateway's JWKS (keyid = thumbprint); executions must carry an artifact for
 * exactly what they ask. Actions are {@link ActionHandler}s registered by name; asynchronous ones
 * report through {@link ReportSink} with the environment key. Measurements change at runtime via
 * {@link #measurements()}.
 */
public final class TargetEnvironment implements AutoCloseable {
  /** Largest request body accepted ({@code 413} beyond). */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Most executions running at once ({@code 503} beyond). */
  public static final int MAX_LIVE_EXECUTIONS = 256;

  private static final int SERVER_THREADS = 4;

  /*
   * The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the
   * body waits for the client's delayed ACK (~40 ms on Linux) on every call. Measured with
   * scripts/bench (target called directly, 8 in flight): 168 calls/s, p50 46 ms without; 1,020
   * calls/s, p50 6.6 ms with. The JDK reads the property once, when its server is first used, so it
   * is set here (unless the process chose otherwise) before any server exists.
   */
  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** What the request handler needs from the environment. */
  record Parts(
      AttestationSigner attestations,
      Measurements measurements,
      Map<String, ActionHandler> actions,
      ReportSink reports) {}

  private final String environmentId;
  private final Measurements measurements;
  private final HttpServer server;
  private final ExecutorService serverThreads;
  private final Executions executions;

  private TargetEnvironment(Builder b) throws IOException {
    this.environmentId = b.environmentKey.keyId();
    this.measurements = new Measurements(b.measurements);
    Supplier<JwksKeys> gatewayKeys = b.gatewayKeys;
    KeyResolver resolver =
        keyId ->
            gatewayKeys
                .get()
                .find(keyId)
                .map(KeyResolver.KeyLookup::found)
                .orElseGet(KeyResolver.KeyLookup::unknown);
    MessageVerifier signatures =
        new MessageVerifier(
            resolver,
            new InMemoryNonceRegistry(b.clock, b.maxSkew, InMemoryNonceRegistry.DEFAULT_CAPACITY),
            b.clock,
            b.maxSkew);
    ArtifactVerifier artifacts =
        new ArtifactVerifier(environmentId, gatewayKeys, b.clock, b.artifactLeeway);
    ReportSink reports =
        b.reports != null ? b.reports : ReportClient.create(b.gateway, b.environmentKey, b.clock);
    Parts parts =
        new Parts(
            new AttestationSigner(b.environmentKey, b.clock),
            measurements,
            Map.copyOf(b.actions),
            reports);
    // Bind first: a port in use must not leave thread pools behind.
    this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
    this.serverThreads =
        Executors.newFixedThreadPool(SERVER_THREADS, daemonThreads("fxg-target-http-"));
    this.executions =
        new Executions(
            Executors.newCachedThreadPool(daemonThreads("fxg-target-action-")),
            MAX_LIVE_EXECUTIONS);
    server.createContext("/", new TargetHttpHandler(parts, signatures, artifacts, executions));
    server.setExecutor(serverThreads);
    server.start();
  }

  /** A builder for the environment whose key (id {@code DOMAIN/ENVIRONMENT}) signs everything. */
  public static Builder builder(Signer environmentKey) {
    return new Builder(environmentKey);
  }

  public String environmentId() {
    return environmentId;
  }

  /** The base URL to register as the environment's {@code endpoint}. */
  public URI endpoint() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The live measurements; changing one changes the next attestation. */
  public Measurements measurements() {
    return measurements;
  }

  /** The running execution with this id, if any. */
  public Optional<ExecutionContext> execution(String executionId) {
    return executions.get(executionId);
  }

  /** Stops serving and cancels every running execution. */
  @Override
  public void close() {
    server.stop(0);
    executions.shutdown("target stopped");
    serverThreads.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Collects the environment's configuration; {@link #start()} binds the port. */
  public static final class Builder {
    private final Signer environmentKey;
    private String host = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private Duration maxSkew = MessageVerifier.DEFAULT_MAX_SKEW;
    private Duration artifactLeeway = ArtifactVerifier.DEFAULT_LEEWAY;
    private Supplier<JwksKeys> gatewayKeys;
    private URI gateway;
    private ReportSink reports;
    private final Map<String, String> measurements = new HashMap<>();
    private final Map<String, ActionHandler> actions = new HashMap<>();

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

    public Builder maxSkew(Duration newMaxSkew) {
      this.maxSkew = newMaxSkew;
      return this;
    }

    public Builder artifactLeeway(Duration leeway) {
      this.artifactLeeway = leeway;
      return this;
    }

    /** The gateway's current keys, consulted on every call (so a refreshing supplier works). */
    public Builder gatewayKeys(Supplier<JwksKeys> keys) {
      this.gatewayKeys = keys;
      return this;
    }

    /** The gateway base URL that reports are posted to. */
    public Builder gateway(URI gatewayBase) {
      this.gateway = gatewayBase;
      return this;
    }

    /** Where reports go instead of posting them to {@link #gateway(URI)}. */
    public Builder reportSink(ReportSink sink) {
      this.reports = sink;
      return this;
    }

    public Builder measurement(String name, String digest) {
      measurements.put(name, digest);
      return this;
    }

    public Builder action(String name, ActionHandler handler) {
      actions.put(name, handler);
      return this;
    }

    public TargetEnvironment start() throws IOException {
      if (gatewayKeys == null) {
        throw new IllegalStateException("gatewayKeys is required");
      }
      if (gateway == null && reports == null) {
        throw new IllegalStateException("either gateway or reportSink is required");
      }
      return new TargetEnvironment(this);
    }
  }
}
