package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import io.fxg.cluster.GatewayNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Signer;
import io.fxg.environment.TargetEnvironment;
import io.fxg.identity.GatewayKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The end-to-end fixture: gateway nodes (one, or several joined into one cluster on one journal),
 * the demo target environments of its {@link Federation}, the federation and a policy installed
 * through the signed admin API. One per test class, as a JUnit extension on a static field
 * ({@code @RegisterExtension}: started before the class's {@code @BeforeAll} methods, closed after
 * its {@code @AfterAll} ones), or started and closed by hand ({@code try (var f = ....start())}).
 * See {@code package-info.java} for the API in one page.
 */
public final class GatewayFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** The unsigned test caller of {@link #submit}. */
  public static final String CALLER = "partner-a/agent-7";

  private final FixtureBuilder options;
  private final Journal journal;
  private final Path keysDir;
  private final FixtureNodes nodes;
  private final Map<String, TargetEnvironment> targets = new LinkedHashMap<>();
  private final Map<String, io.fxg.mcp.McpToolServer> toolServers = new LinkedHashMap<>();
  private final SignedCalls first = calls(0);
  private final GatewayKeys keys;
  private final Signer admin;

  GatewayFixture(FixtureBuilder options, Journal journal, Path keysDir) throws IOException, CryptoException {
    this.options = options;
    this.journal = journal;
    this.keysDir = keysDir;
    this.nodes = new FixtureNodes(options, journal, keysDir);
    Files.createDirectories(keysDir);
    this.keys = GatewayKeys.load(keysDir, null);
    this.admin = Federation.admin(keysDir);
  }

  /** A fixture of one node with nothing stubbed, on a fresh in-memory H2 journal, until told otherwise. */
  public static FixtureBuilder builder() {
    return new FixtureBuilder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Starts the nodes and waits until each is ready and sees every node Up; then starts the targets
   * and installs the federation (each domain answered 201) and the policy (200), and waits for
   * readiness again. Does nothing when the builder's {@code onlyIf} condition is false.
   */
  public GatewayFixture start() {
    if (!options.enabled.getAsBoolean()) {
      return this;
    }
    try {
      nodes.start(options.seams.apply(keys));
      register(options.federation);
      if (options.policy != null) {
        FederationInstall.expect(200, () -> asAdmin("PUT", "/v1/admin/policy", options.policy), options.startWithin);
      }
      nodes.awaitReady();
      return this;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the federation's targets (reporting to the first node) and registers its domains as the
   * admin, each answered 201; the builder's federation is registered so, a test may add another.
   */
  public void register(Federation federation) {
    FederationInstall.install(this, federation, targets, toolServers);
  }

  /** Closes the targets, then the nodes still running, newest first. */
  @Override
  public void close() {
    targets.values().forEach(TargetEnvironment::close);
    targets.clear();
    toolServers.values().forEach(io.fxg.mcp.McpToolServer::close);
    toolServers.clear();
    nodes.close();
  }

  /** Closes one node (a test that makes a node leave or cuts it off); {@link #nodes} no longer lists it. */
  public void stop(GatewayNode node) {
    nodes.stop(node);
  }

  /** The first node: the cluster's seed, oldest member, and the one the targets report to. */
  public GatewayNode node() {
    return node(0);
  }

  public GatewayNode node(int index) {
    return nodes.get(index);
  }

  /** The running nodes, in start order. */
  public List<GatewayNode> nodes() {
    return nodes.list();
  }

  /**
   * Plain calls to the first node (as {@code Fxg-Test-Caller} on an {@code unsigned()} one). Like
   * every calls object of the fixture, it may be taken before the start ({@code static final}).
   */
  public HttpCalls http() {
    return first.http();
  }

  /** Plain calls to the node at {@code index}, bound to it at the first call. */
  public HttpCalls http(int index) {
    return calls(index).http();
  }

  /** RFC 9421-signed calls to the first node. */
  public SignedCalls calls() {
    return first;
  }

  /** Signed calls to the node at {@code index}, bound to it at the first call. */
  public SignedCalls calls(int index) {
    AtomicInteger port = new AtomicInteger();
    return new SignedCalls(() -> port.updateAndGet(bound -> bound != 0 ? bound : node(index).httpPort()));
  }

  /** The first node's URL for {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + node().httpPort() + path;
  }

  /** The admin key generated into {@link #keysDir} when the fixture is built: signs admin API calls. */
  public Signer admin() {
    return admin;
  }

  /**
   * A call to the first node as the admin: signed with the admin key at the fixture's {@link #clock}
   * (a skewed node refuses the true time), or, on a node that allows unsigned calls (which then
   * reads no signature), as {@code Fxg-Test-Caller: admin/root}.
   */
  public HttpResponse<String> asAdmin(String method, String path, String body) {
    if (node().system().settings().config().getBoolean("fxg.http.allow-unsigned")) {
      return http().send(method, path, body, "Fxg-Test-Caller", GatewayKeys.ADMIN_KID);
    }
    return calls().send(method, path, body, calls().sign(admin, options.clock, method, path, body));
  }

  /** How long the start may wait for readiness and for each set-up call answered 503. */
  Duration startWithin() {
    return options.startWithin;
  }

  /** The clock the nodes run on ({@link FixtureBuilder#clock}; default the system's, UTC). */
  public Clock clock() {
    return options.clock;
  }

  /** The gateway, log and admin keys every node of this fixture loads. */
  public GatewayKeys keys() {
    return keys;
  }

  public Path keysDir() {
    return keysDir;
  }

  public Journal journal() {
    return journal;
  }

  /** On an {@code unsigned()} node: submits as {@link #CALLER} to acme/billing-prod; the execution id. */
  public String submit(String action, String resource) {
    return submit(action, resource, null);
  }

  /** The same, as a child of {@code parentArtifact} when it is not null. */
  public String submit(String action, String resource, String parentArtifact) {
    String body = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},\"action\":\"" + action
        + "\",\"resource\":\"" + resource + "\",\"parameters\":{\"amount\":250}"
        + (parentArtifact == null ? "" : ",\"parent\":\"" + parentArtifact + "\"") + "}";
    HttpResponse<String> response = http().post("/v1/executions", body, "Fxg-Test-Caller", CALLER);
    if (response.statusCode() != 202 && response.statusCode() != 200) {
      throw new IllegalStateException("submit refused: " + response.statusCode() + " " + response.body());
    }
    return HttpCalls.json(response).get("executionId").asText();
  }

  /** Waits (10 s at most) until the execution, read as the admin, has the status. */
  public void awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(
        HttpCalls.json(http().get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root")).path("status").asText()));
  }

  /** The running demo target registered as {@code id} ({@code DOMAIN/ENVIRONMENT}). */
  /** The running MCP tool server registered as {@code id} ({@link Federation#toolServer}). */
  public io.fxg.mcp.McpToolServer toolServer(String id) {
    io.fxg.mcp.McpToolServer server = toolServers.get(id);
    if (server == null) {
      throw new IllegalArgumentException("no tool server " + id + " in the fixture's federation: " + toolServers.keySet());
    }
    return server;
  }

  public TargetEnvironment target(String id) {
    TargetEnvironment target = targets.get(id);
    if (target == null) {
      throw new IllegalArgumentException("no target " + id + " in the fixture's federation: " + targets.keySet());
    }
    return target;
  }
}
