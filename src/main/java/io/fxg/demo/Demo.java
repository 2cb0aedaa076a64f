package io.fxg.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fxg.cluster.GatewayNode;
import io.fxg.cluster.NodeConfig;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.JwksFetcher;
import io.fxg.mcp.DemoTools;
import io.fxg.mcp.McpToolServer;
import io.fxg.environment.TargetEnvironment;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code scripts/fxg demo}: a node on the embedded H2 journal under {@code $FXG_HOME} with public
 * reads on, the demo target on {@code FXG_DEMO_TARGET_PORT} (default 9100), the demo federation and
 * policy installed through the signed admin API, the demo MCP tool server on {@code
 * FXG_DEMO_TOOLS_PORT} (default 9101) registered as {@code acme/tools} (kind mcp), and demo
 * traffic (executions and MCP tool calls) until the process is stopped; without traffic
 * ({@code --no-traffic}) the node, the target, the federation and the policy only, for an operator
 * or a test to drive.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo until the process stops.
   *
   * @param log the framework log file, named in the summary
   * @param withTraffic false: no demo traffic (executions and tool calls), only the set-up
   */
  public static int run(Path log, boolean withTraffic) throws Exception {
    Config config = NodeConfig.derive(ConfigFactory.parseString("fxg.http.public-read = on")
        .withFallback(NodeConfig.load(null)));
    AtomicReference<DemoControls> controls = new AtomicReference<>();
    GatewayNode node = GatewayNode.start(config, services -> services, context -> {
      controls.set(new DemoControls(context.system()));
      return controls.get().route();
    });
    String host = config.getString("fxg.http.host");
    URI gateway = URI.create("http://" + host + ":" + node.httpPort() + "/");
    Path home = Path.of(config.getString("fxg.home"));
    Path demoKeys = home.resolve("demo-keys");
    Jwk environmentKey = DemoKeys.loadOrCreate(demoKeys, "acme/billing-prod");
    Jwk agent = DemoKeys.loadOrCreate(demoKeys, "partner-a/agent-7");
    Jwk bot = DemoKeys.loadOrCreate(demoKeys, "partner-b/bot-1");
    Jwk rogue = DemoKeys.loadOrCreate(demoKeys, "partner-c/rogue-7");
    Jwk operator = DemoKeys.loadOrCreate(demoKeys, "acme/ops");
    Jwk toolsKey = DemoKeys.loadOrCreate(demoKeys, "acme/tools");

    int targetPort = Integer.parseInt(System.getenv().getOrDefault("FXG_DEMO_TARGET_PORT", "9100"));
    TargetEnvironment target = DemoTarget.configure(TargetEnvironment.builder(environmentKey.signer().orElseThrow())
            .host("127.0.0.1").port(targetPort).gateway(gateway)
            .gatewayKeys(new JwksFetcher(java.net.http.HttpClient.newHttpClient(),
                gateway.resolve(".well-known/jwks.json"), java.time.Duration.ofSeconds(60), java.time.Clock.systemUTC())))
        .start();
    int toolsPort = Integer.parseInt(System.getenv().getOrDefault("FXG_DEMO_TOOLS_PORT", "9101"));
    McpToolServer tools = DemoTools.configure(McpToolServer.builder(toolsKey.signer().orElseThrow())
            .host("127.0.0.1").port(toolsPort)
            .gatewayKeys(new JwksFetcher(java.net.http.HttpClient.newHttpClient(),
                gateway.resolve(".well-known/jwks.json"), java.time.Duration.ofSeconds(60), java.time.Clock.systemUTC())))
        .start();

    Path adminKeyFile = home.resolve("keys").resolve("admin.private.jwk");
    if (!Files.exists(adminKeyFile)) {
      System.err.println("fxg demo: no admin private key at " + adminKeyFile
          + " (FXG_ADMIN_JWKS names external admin keys); the demo needs the generated one");
      return 2;
    }
    SignedClient admin = new SignedClient(gateway, Jwk.parse(Files.readString(adminKeyFile)).signer().orElseThrow());
    put(admin, "/v1/admin/domains/acme", DemoFederation.withToolServer(
        DemoFederation.targetDomain(environmentKey, target.endpoint().toString(), DemoTarget.referenceMeasurements(), operator),
        toolsKey, tools.endpoint().toString(), DemoTools.referenceMeasurements()));
    put(admin, "/v1/admin/domains/partner-a", DemoFederation.partnerDomain("Partner A (AI agents)", "agent-7", agent));
    put(admin, "/v1/admin/domains/partner-b", DemoFederation.partnerDomain("Partner B (batch jobs)", "bot-1", bot));
    put(admin, "/v1/admin/domains/partner-c", DemoFederation.partnerDomain("Partner C (a misbehaving agent)", "rogue-7", rogue));
    installPolicy(admin, version -> DemoFederation.policy(version, false));

    SignedClient partnerA = new SignedClient(gateway, agent.signer().orElseThrow());
    SignedClient partnerB = new SignedClient(gateway, bot.signer().orElseThrow());
    DemoDirector director = new DemoDirector(gateway, partnerA, partnerB, admin, agent, target);
    controls.get().attach(director);
    DemoTraffic traffic = new DemoTraffic(partnerA, partnerB, new SignedClient(gateway, rogue.signer().orElseThrow()));
    DemoToolCalls toolCalls = new DemoToolCalls(gateway, agent.signer().orElseThrow());
    if (withTraffic) {
      traffic.start(1500);
      toolCalls.start(4000);
    }
    System.out.println();
    System.out.println("fxg demo is running (journal: " + config.getString("fxg.jdbc.effective-url") + ")"
        + (withTraffic ? "" : ", no demo traffic (--no-traffic)"));
    System.out.println("  Governance Console     " + gateway);
    System.out.println("  Runtime demo controls  " + gateway.resolve("demo"));
    System.out.println("  Proof Viewer           " + gateway.resolve("proof"));
    System.out.println("  Health dashboard       " + gateway.resolve("health-dashboard"));
    System.out.println("  executions (JSON)      " + gateway.resolve("v1/executions"));
    System.out.println("  log checkpoint         " + gateway.resolve("v1/log/checkpoint"));
    System.out.println("  gateway keys (JWKS)    " + gateway.resolve(".well-known/jwks.json"));
    System.out.println("  demo target            " + target.endpoint());
    System.out.println("  MCP endpoint           " + gateway.resolve("mcp/acme/tools") + " (tool server "
        + tools.endpoint() + "; bearer token: scripts/fxg token --key " + demoKeys.resolve("partner-a_agent-7.private.jwk") + ")");
    System.out.println("  demo keys              " + demoKeys + " (submit with: scripts/fxg submit --key "
        + demoKeys.resolve("partner-a_agent-7.private.jwk") + " ...)");
    System.out.println("  admin key              " + adminKeyFile);
    System.out.println("  framework log          " + log);
    System.out.println("Stop with Ctrl-C.");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      traffic.close();
      toolCalls.close();
      director.close();
      target.close();
      tools.close();
    }));
    node.system().getWhenTerminated().toCompletableFuture().get();
    return 0;
  }

  /** Attempts of a set-up call the node answers 503 (starting up, busy), a second apart as its Retry-After says. */
  private static final int SETUP_ATTEMPTS = 60;

  static void put(SignedClient admin, String path, Object body) throws Exception {
    HttpResponse<String> response = admin.send("PUT", path, Json.write(body), Map.of());
    for (int attempt = 1; response.statusCode() == 503 && attempt < SETUP_ATTEMPTS; attempt++) {
      Thread.sleep(1000);
      response = admin.send("PUT", path, Json.write(body), Map.of());
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("PUT " + path + " refused: " + response.statusCode() + " " + response.body());
    }
  }

  /**
   * Installs the demo policy unless it is the active one. A node still starting (or a busy machine)
   * may answer 503, and a timed-out install may have been applied after all (then 409): both are
   * tried again from the current policy.
   */
  static void installPolicy(SignedClient admin, java.util.function.LongFunction<String> policyOfVersion)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        installPolicyOnce(admin, policyOfVersion);
        return;
      } catch (RetryableSetup e) {
        if (attempt >= SETUP_ATTEMPTS) {
          throw new IllegalStateException(e.getMessage());
        }
        Thread.sleep(1000);
      }
    }
  }

  /** A set-up answer worth another attempt. */
  private static final class RetryableSetup extends Exception {
    private static final long serialVersionUID = 1L;

    RetryableSetup(String message) {
      super(message);
    }
  }

  private static void installPolicyOnce(SignedClient admin, java.util.function.LongFunction<String> policyOfVersion)
      throws Exception {
    HttpResponse<String> current = admin.send("GET", "/v1/policy", null, Map.of());
    long version = current.statusCode() == 200 ? Json.parse(current.body()).path("version").asLong(0) : 0;
    String wanted = policyOfVersion.apply(version + 1);
    String wantedDigest = io.fxg.crypto.Digests.digestOfJson(Json.parse(policyOfVersion.apply(version)));
    if (current.statusCode() == 200 && wantedDigest.equals(Json.parse(current.body()).path("digest").asText())) {
      return;
    }
    if (current.statusCode() == 503) {
      throw new RetryableSetup("policy unreadable: 503 " + current.body());
    }
    HttpResponse<String> response = admin.send("PUT", "/v1/admin/policy", wanted, Map.of());
    if (response.statusCode() == 503 || response.statusCode() == 409) {
      throw new RetryableSetup("policy refused: " + response.statusCode() + " " + response.body());
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("policy refused: " + response.statusCode() + " " + response.body());
    }
  }
}
