package io.fxg.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fxg.cluster.GatewayNode;
import io.fxg.cluster.NodeConfig;
import io.fxg.crypto.Jwk;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.JwksFetcher;
import io.fxg.environment.TargetEnvironment;
import io.fxg.serialization.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code scripts/fxg demo --federated}: two independent gateways in one process (SPEC section 13),
 * each with its own home ({@code $FXG_HOME/gw-a}, {@code $FXG_HOME/gw-b}), keys, H2 journal, log and
 * policy. {@code gw-a} (HTTP {@code FXG_HTTP_PORT}, 8080) is the callers' gateway: domains {@code
 * partner-a} and {@code partner-b}. {@code gw-b} ({@code FXG_PEER_HTTP_PORT}, 8081) governs {@code
 * acme}, whose demo target ({@code FXG_DEMO_TARGET_PORT}, 9100) reports to it. Each registers the
 * other from its {@code GET /v1/peers/self}; gw-a's policy permits partners to acme, gw-b's permits
 * them only via gw-a and under a stricter amount limit. Demo traffic goes to gw-a only.
 */
public final class FederatedDemo {
  static final String ORIGIN = "gw-a";
  static final String PEER = "gw-b";

  private FederatedDemo() {}

  /**
   * Runs both gateways and the traffic until the process stops.
   *
   * @param log the framework log file (both gateways write it), named in the summary
   */
  public static int run(Path log) throws Exception {
    Config base = NodeConfig.load(null);
    Path home = Path.of(base.getString("fxg.home")).toAbsolutePath().normalize();
    int httpA = base.getInt("fxg.http.port");
    int httpB = Integer.parseInt(System.getenv().getOrDefault("FXG_PEER_HTTP_PORT", Integer.toString(httpA + 1)));
    int clusterA = base.getInt("fxg.cluster.port");
    int clusterB = Integer.parseInt(System.getenv().getOrDefault("FXG_PEER_CLUSTER_PORT", Integer.toString(clusterA + 1)));
    String host = base.getString("fxg.http.host");
    Path homeA = home.resolve(ORIGIN);
    Path homeB = home.resolve(PEER);
    GatewayNode a = GatewayNode.start(gateway(homeA, ORIGIN, httpA, clusterA), services -> services);
    GatewayNode b = GatewayNode.start(gateway(homeB, PEER, httpB, clusterB), services -> services);
    URI gwA = URI.create("http://" + host + ":" + a.httpPort() + "/");
    URI gwB = URI.create("http://" + host + ":" + b.httpPort() + "/");

    Jwk environmentKey = DemoKeys.loadOrCreate(homeB.resolve("demo-keys"), "acme/billing-prod");
    Jwk operator = DemoKeys.loadOrCreate(homeB.resolve("demo-keys"), "acme/ops");
    Jwk agent = DemoKeys.loadOrCreate(homeA.resolve("demo-keys"), "partner-a/agent-7");
    Jwk bot = DemoKeys.loadOrCreate(homeA.resolve("demo-keys"), "partner-b/bot-1");
    int targetPort = Integer.parseInt(System.getenv().getOrDefault("FXG_DEMO_TARGET_PORT", "9100"));
    TargetEnvironment target = DemoTarget.configure(TargetEnvironment.builder(environmentKey.signer().orElseThrow())
            .host("127.0.0.1").port(targetPort).gateway(gwB)
            .gatewayKeys(new JwksFetcher(java.net.http.HttpClient.newHttpClient(),
                gwB.resolve(".well-known/jwks.json"), Duration.ofSeconds(60), Clock.systemUTC())))
        .start();

    SignedClient adminA = admin(gwA, homeA);
    SignedClient adminB = admin(gwB, homeB);
    Demo.put(adminB, "/v1/admin/domains/acme", DemoFederation.targetDomain(environmentKey,
        target.endpoint().toString(), DemoTarget.referenceMeasurements(), operator));
    Demo.put(adminA, "/v1/admin/domains/partner-a", DemoFederation.partnerDomain("Partner A (AI agents)", "agent-7", agent));
    Demo.put(adminA, "/v1/admin/domains/partner-b", DemoFederation.partnerDomain("Partner B (batch jobs)", "bot-1", bot));
    register(adminA, PEER, gwB);
    register(adminB, ORIGIN, gwA);
    Demo.installPolicy(adminA, FederatedDemo::originPolicy);
    Demo.installPolicy(adminB, FederatedDemo::peerPolicy);

    SignedClient partnerA = new SignedClient(gwA, agent.signer().orElseThrow());
    SignedClient partnerB = new SignedClient(gwA, bot.signer().orElseThrow());
    FederatedTraffic traffic = new FederatedTraffic(partnerA, partnerB, adminB);
    traffic.start(2000);
    System.out.println();
    System.out.println("fxg demo --federated is running: two gateways, peers of each other");
    System.out.println("  gw-a (callers: partner-a, partner-b)  " + gwA + "  (home " + homeA + ")");
    System.out.println("  gw-b (governs acme)                   " + gwB + "  (home " + homeB + ")");
    System.out.println("  gw-a's peer gw-b                      " + gwA.resolve("v1/admin/peers/gw-b") + " (admin)");
    System.out.println("  gw-b's peer gw-a                      " + gwB.resolve("v1/admin/peers/gw-a") + " (admin)");
    System.out.println("  demo target acme/billing-prod         " + target.endpoint() + " (reports to gw-b)");
    System.out.println("  demo keys                             " + homeA.resolve("demo-keys") + " (submit to gw-a with: "
        + "scripts/fxg submit --key " + homeA.resolve("demo-keys").resolve("partner-a_agent-7.private.jwk") + " ...)");
    System.out.println("  admin keys                            " + homeA.resolve("keys/admin.private.jwk") + ", "
        + homeB.resolve("keys/admin.private.jwk"));
    System.out.println("  framework log                         " + log);
    System.out.println("Each line: the outcome on gw-a and on gw-b, and both execution ids. Stop with Ctrl-C.");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      traffic.close();
      target.close();
      b.system().terminate();
    }));
    a.system().getWhenTerminated().toCompletableFuture().get();
    b.system().getWhenTerminated().toCompletableFuture().get();
    return 0;
  }

  /** One gateway's configuration: its own home, keys, H2 journal, ports, peer name and log origin. */
  static Config gateway(Path home, String name, int httpPort, int clusterPort) {
    String own = """
        fxg.home = "%s"
        fxg.http.port = %d
        fxg.cluster.port = %d
        fxg.cluster.seed-nodes = ""
        fxg.http.public-read = on
        fxg.jdbc.url = ""
        fxg.keys.dir = ""
        fxg.admin.jwks-file = ""
        fxg.peers.name = "%s"
        fxg.peers.public-url = ""
        fxg.log.origin = "%s.fxg.local/log"
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """.formatted(home.toString().replace("\\", "\\\\"), httpPort, clusterPort, name, name);
    return NodeConfig.derive(ConfigFactory.parseString(own).withFallback(ConfigFactory.defaultOverrides())
        .withFallback(ConfigFactory.defaultApplication()).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  private static SignedClient admin(URI gateway, Path home) throws Exception {
    Path file = home.resolve("keys").resolve("admin.private.jwk");
    return new SignedClient(gateway, Jwk.parse(Files.readString(file)).signer().orElseThrow());
  }

  /** Registers the gateway at {@code peerUrl} as {@code name}, from its own {@code GET /v1/peers/self}. */
  private static void register(SignedClient admin, String name, URI peerUrl) throws Exception {
    HttpResponse<String> self = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(peerUrl.resolve("v1/peers/self")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (self.statusCode() != 200) {
      throw new IllegalStateException("GET " + peerUrl + "v1/peers/self answered " + self.statusCode());
    }
    ObjectNode document = (ObjectNode) Json.parse(self.body());
    document.remove("name");
    Demo.put(admin, "/v1/admin/peers/" + name, document);
  }

  /** gw-a: its partners may call acme (which gw-b governs) for invoices under 1000 and reports. */
  static String originPolicy(long version) {
    return """
        {"version": %d, "rules": [
          {"id": "partners-to-acme", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*", "reports/*"],
           "condition": "!has(request.parameters.amount) || request.parameters.amount < 1000",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
                           "maxDelegationDepth": 0, "freshAttestation": false}}
        ]}
        """.formatted(version);
  }

  /** gw-b: the same partners, only as forwarded by gw-a, and invoices only under 500. */
  static String peerPolicy(long version) {
    return """
        {"version": %d, "rules": [
          {"id": "partners-via-gw-a", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*", "peer": "gw-a"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*", "reports/*"],
           "condition": "context.peer == 'gw-a' && (!has(request.parameters.amount) || request.parameters.amount < 500)",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
                           "maxDelegationDepth": 0, "freshAttestation": false}}
        ]}
        """.formatted(version);
  }
}
