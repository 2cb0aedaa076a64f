package io.fxg.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fxg.cluster.GatewayNode;
import io.fxg.cluster.NodeConfig;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.demo.SignedClient;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import io.fxg.environment.ActionOutcome;
import io.fxg.environment.JwksKeys;
import io.fxg.environment.TargetEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a bench run talks to, started in this JVM: the node (embedded H2 under a temporary
 * {@code fxg.home}, or {@code FXG_JDBC_URL}), bench target environments on loopback, the
 * federation and policy installed through the signed admin API, and the principal keys that sign
 * the load. Requests are built here, each signed afresh (new nonce, new {@code created}).
 */
final class BenchRig implements AutoCloseable {
  static final String IMAGE = Digests.digestString("fxg bench target".getBytes(StandardCharsets.UTF_8));
  /** The target's nonce window: its nonce registry (100,000 entries) then sustains 10,000 calls/s. */
  static final Duration TARGET_NONCE_WINDOW = Duration.ofSeconds(10);

  final Path home;
  final List<GatewayNode> nodes = new ArrayList<>();
  final Config config;
  final URI gateway;
  /** Every node's base URL; request n goes to node n modulo their number. */
  final List<URI> gateways = new ArrayList<>();
  final LifecycleProbe probe = new LifecycleProbe();
  final List<TargetEnvironment> targets = new ArrayList<>();
  final List<MessageSigner> principals = new ArrayList<>();
  final List<Signer> principalKeys = new ArrayList<>();
  final MessageSigner gatewaySigner;
  final SignedClient admin;
  private boolean keepHome;
  private boolean stopped;

  private BenchRig(Path home, int principalCount, int environments, int nodeCount) throws Exception {
    this.home = home;
    Path keys = home.resolve("keys");
    this.config = nodeConfig(home, keys, "");
    // Further nodes share node 0's journal (PostgreSQL, or the embedded H2 file within this JVM).
    String url = config.getString("fxg.jdbc.effective-url");
    for (int i = 0; i < nodeCount; i++) {
      String seeds = i == 0 ? "" : "127.0.0.1:" + nodes.get(0).clusterPort();
      Config nodeConfig = i == 0 ? config : nodeConfig(home.resolve("node" + i), keys,
          "fxg.cluster.seed-nodes = \"" + seeds + "\"\nfxg.jdbc.url = \"" + url.replace("\\", "\\\\") + "\"\n");
      GatewayNode node = GatewayNode.start(nodeConfig, s -> s.withObserver(s.observer().andThen(probe)));
      nodes.add(node);
      gateways.add(URI.create("http://127.0.0.1:" + node.httpPort() + "/"));
    }
    this.gateway = gateways.get(0);
    awaitReady(Duration.ofSeconds(90));
    this.admin = new SignedClient(gateway, Jwk.parse(Files.readString(keys.resolve("admin.private.jwk"))).signer().orElseThrow());
    Jwk gatewayKey = Jwk.parse(Files.readString(keys.resolve("gateway.private.jwk")));
    this.gatewaySigner = MessageSigner.create(gatewayKey.withKid(gatewayKey.thumbprint()).signer().orElseThrow(), Clock.systemUTC());
    JwksKeys jwks = JwksKeys.parse(get("/.well-known/jwks.json"));

    List<Jwk> environmentKeys = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < environments; i++) {
      Jwk key = Jwk.generate(BenchFederation.TARGET_DOMAIN + "/" + BenchFederation.environmentId(i));
      TargetEnvironment target = TargetEnvironment.builder(key.signer().orElseThrow())
          .host("127.0.0.1").port(0).gateway(gateway).gatewayKeys(() -> jwks)
          .maxSkew(TARGET_NONCE_WINDOW)
          .measurement("image", IMAGE)
          .action(BenchFederation.NOOP, (request, context) -> ActionOutcome.completed(Json.object().put("ok", true)))
          .action(BenchFederation.HOLD, (request, context) -> ActionOutcome.async(ctx -> {
            ctx.awaitCancellation(Duration.ofMinutes(15));
            return Json.object().put("held", true);
          }))
          .start();
      targets.add(target);
      environmentKeys.add(key);
      endpoints.add(target.endpoint().toString());
    }
    List<Jwk> callerKeys = new ArrayList<>();
    for (int i = 0; i < principalCount; i++) {
      Jwk key = Jwk.generate(BenchFederation.CALLER_DOMAIN + "/p" + i);
      callerKeys.add(key);
      principalKeys.add(key.signer().orElseThrow());
      principals.add(MessageSigner.create(key.signer().orElseThrow(), Clock.systemUTC()));
    }
    put("/v1/admin/domains/" + BenchFederation.TARGET_DOMAIN,
        Json.write(BenchFederation.targetDomain(environmentKeys, endpoints, IMAGE)));
    put("/v1/admin/domains/" + BenchFederation.CALLER_DOMAIN, Json.write(BenchFederation.callerDomain(callerKeys)));
    put("/v1/admin/policy", BenchFederation.policy(1));
  }

  /** A node's config: its own home and ports, the shared keys, the bench's log level. */
  private static Config nodeConfig(Path home, Path keys, String extra) {
    // The loaded config is already resolved: the Artery port must be overridden where it is used.
    Config raw = ConfigFactory.parseString(extra + "fxg.home = \"" + home + "\"\nfxg.keys.dir = \"" + keys
            + "\"\nfxg.http.port = 0\nfxg.cluster.port = 0\npekko.remote.artery.canonical.port = 0\n"
            + "pekko.loglevel = WARNING\n")
        .withFallback(NodeConfig.load(null));
    return NodeConfig.derive(raw);
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (URI node : gateways) {
      while (client.send(HttpRequest.newBuilder(node.resolve("/health/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("node " + node + " not ready within " + timeout);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Starts everything and waits until a governed execution completes end to end. */
  static BenchRig start(int principals, int environments, boolean keepHome) throws Exception {
    return start(principals, environments, keepHome, 1);
  }

  static BenchRig start(int principals, int environments, boolean keepHome, int nodes) throws Exception {
    Path home = Files.createTempDirectory("fxg-bench-");
    BenchRig rig = new BenchRig(home, principals, environments, nodes);
    rig.keepHome = keepHome;
    try {
      rig.awaitGovernedPath(Duration.ofSeconds(60));
      return rig;
    } catch (Exception e) {
      rig.close();
      throw e;
    }
  }

  private void awaitGovernedPath(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = client.send(governed(0, 0, BenchFederation.NOOP, 60, 10), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && r.body().contains("\"status\":\"completed\"")) {
        return;
      }
      last = r.statusCode() + " " + r.body();
      Thread.sleep(200);
    }
    throw new IllegalStateException("the governed path did not complete within " + timeout + ": " + last);
  }

  /** A freshly signed {@code POST /v1/executions} (principal chosen by {@code n}), waiting up to {@code wait} s. */
  HttpRequest governed(long n, int environment, String action, int maxDurationSeconds, int waitSeconds) {
    byte[] body = BenchFederation.submitBody(environment, action, n, maxDurationSeconds).getBytes(StandardCharsets.UTF_8);
    URI uri = gateways.get((int) (n % gateways.size())).resolve("/v1/executions");
    MessageSigner signer = principals.get((int) (n % principals.size()));
    HttpRequest.Builder b = signed(signer, uri, body).header("Prefer", "wait=" + waitSeconds);
    return b.build();
  }

  /** A freshly gateway-signed {@code POST /fxg/execute} carrying {@code artifact}, sent to {@code base}. */
  HttpRequest execute(URI base, ArtifactPool.Artifact artifact) {
    byte[] body = artifact.executeBody().getBytes(StandardCharsets.UTF_8);
    return signed(gatewaySigner, base.resolve("/fxg/execute"), body).header("Fxg-Authorization", artifact.jws()).build();
  }

  private static HttpRequest.Builder signed(MessageSigner signer, URI uri, byte[] body) {
    SignedRequestView view = SignedRequestView.of("POST", uri, Map.of("content-type", List.of("application/json")), body);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
    signer.sign(view).asMap().forEach(b::header);
    return b;
  }

  private String get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  HttpResponse<String> adminPost(String path, String body) throws IOException, InterruptedException {
    return admin.send("POST", path, body, Map.of());
  }

  private void put(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = admin.send("PUT", path, body, Map.of());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException("PUT " + path + " refused: " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * Stops the targets and the nodes, keeping the home: the journal can then be read (audited) with
   * no writer left. Closing afterwards only deletes the home.
   */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    targets.forEach(TargetEnvironment::close);
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  @Override
  public void close() {
    stop();
    if (keepHome) {
      System.err.println("bench: FXG_HOME kept at " + home);
      return;
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
