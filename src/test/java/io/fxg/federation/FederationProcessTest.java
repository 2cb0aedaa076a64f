package io.fxg.federation;

import static io.fxg.federation.FederationProcesses.awaitReady;
import static io.fxg.federation.FederationProcesses.awaitStatus;
import static io.fxg.federation.FederationProcesses.body;
import static io.fxg.federation.FederationProcesses.cosignedBy;
import static io.fxg.federation.FederationProcesses.policyA;
import static io.fxg.federation.FederationProcesses.policyB;
import static io.fxg.federation.FederationProcesses.printedJson;
import static io.fxg.federation.FederationProcesses.view;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.demo.SignedClient;
import io.fxg.execution.ExecutionIds;
import io.fxg.identity.GatewayKeys;
import io.fxg.serialization.Json;
import io.fxg.testkit.CommandProcess;
import io.fxg.testkit.Federation;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FederationTest} with real processes, started with {@code scripts/fxg} only (SPEC section
 * 13): gw-b is {@code scripts/fxg demo --no-traffic} (the demo target acme/billing-prod behind it)
 * with a peer-aware policy put on top of the demo's; gw-a is {@code scripts/fxg node} with the
 * domain partner-a (a principal key from {@code scripts/fxg keygen}). Each has its own home, ports
 * and embedded H2 journal; they register each other with {@code admin put-peer --from}. A permitted
 * execution completes and is proven on both; gw-b's policy denies what gw-a permits; a revocation on
 * gw-b and a cancel on gw-a cross over within 2 s; a forged parent is refused; {@code kill -9} of
 * gw-b interrupts gw-a's execution ({@code federation.unreachable}). Runs where {@code
 * FXG_FEDERATION_PROCESS_TEST=1} ({@code .ci/run} sets it); skipped elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationProcessTest {
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final Duration CROSS_OVER = Duration.ofSeconds(2);
  private static final String TARGET = "acme/billing-prod";

  @TempDir
  static Path root;
  static Path homeA;
  static Path homeB;
  static URI gwA;
  static URI gwB;
  static CommandProcess a;
  static CommandProcess b;
  static SignedClient adminA;
  static SignedClient adminB;
  static SignedClient agent;
  static Path agentKey;
  static long started;

  @BeforeAll
  static void twoGatewaysPeeredBothWays() throws Exception {
    assumeTrue("1".equals(System.getenv("FXG_FEDERATION_PROCESS_TEST")),
        "two-gateway process test runs in .ci/run (FXG_FEDERATION_PROCESS_TEST=1)");
    started = System.nanoTime();
    CommandProcess.shim(root);
    homeA = root.resolve("gw-a");
    homeB = root.resolve("gw-b");
    int httpA = CommandProcess.freePort();
    int httpB = CommandProcess.freePort();
    gwA = URI.create("http://127.0.0.1:" + httpA + "/");
    gwB = URI.create("http://127.0.0.1:" + httpB + "/");
    b = CommandProcess.start(List.of(fxg(), "demo", "--no-traffic"), root, Map.of("FXG_HOME", homeB.toString(),
        "FXG_HTTP_PORT", Integer.toString(httpB), "FXG_CLUSTER_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_DEMO_TARGET_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_DEMO_TOOLS_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_PEER_NAME", "gw-b", "FXG_LOG_ORIGIN", "gw-b.fxg.local/log", "FXG_PEERS_MAX_SILENCE", "3 s"));
    a = CommandProcess.start(List.of(fxg(), "node"), root, Map.of("FXG_HOME", homeA.toString(),
        "FXG_HTTP_PORT", Integer.toString(httpA), "FXG_CLUSTER_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_PEER_NAME", "gw-a", "FXG_LOG_ORIGIN", "gw-a.fxg.local/log", "FXG_PEERS_MAX_SILENCE", "3 s"));
    b.awaitLine("Stop with Ctrl-C.", START);
    a.awaitLine("Stop with Ctrl-C or SIGTERM.", START);
    awaitReady(gwA, START);
    awaitReady(gwB, START);
    System.out.printf("federation processes: both gateways ready after %d ms%n", sinceStart());
    adminA = new SignedClient(gwA, Federation.admin(homeA.resolve("keys")));
    adminB = new SignedClient(gwB, Federation.admin(homeB.resolve("keys")));

    ok(fxg(gwA, "keygen", "--out", "agent-keys", "--name", "partner-a/agent-7"));
    agentKey = root.resolve("agent-keys/partner-a_agent-7.private.jwk");
    Jwk agentJwk = Jwk.parse(Files.readString(agentKey));
    agent = new SignedClient(gwA, agentJwk.signer().orElseThrow());
    Path partnerA = write("partner-a.json", Federation.withPrincipal(Federation.document("Partner A"), "agent-7",
        Jwk.parse(Files.readString(root.resolve("agent-keys/partner-a_agent-7.public.jwk"))), "invoker").toString());
    ok(fxg(gwA, "admin", "put-domain", "--key", adminKey(homeA), "--domain", "partner-a", partnerA.toString()));
    // gw-a's own edge site: what gw-b registers gw-a as governing (partner-a is also a domain of the demo on gw-b).
    Path edge = write("edge-a.json", Federation.document("gw-a's edge site").toString());
    ok(fxg(gwA, "admin", "put-domain", "--key", adminKey(homeA), "--domain", "edge-a", edge.toString()));
    ok(fxg(gwA, "admin", "put-policy", "--key", adminKey(homeA), write("policy-a.json", policyA(1)).toString()));
    long demoVersion = Json.parse(adminB.send("GET", "/v1/policy", null, Map.of()).body()).path("version").asLong();
    ok(fxg(gwB, "admin", "put-policy", "--key", adminKey(homeB),
        write("policy-b.json", policyB(demoVersion + 1)).toString()));
    ok(fxg(gwA, "admin", "put-peer", "--key", adminKey(homeA), "--name", "gw-b", "--from", gwB.toString(), "--domains", "acme"));
    ok(fxg(gwB, "admin", "put-peer", "--key", adminKey(homeB), "--name", "gw-a", "--from", gwA.toString(), "--domains", "edge-a"));
    System.out.printf("federation processes: peered and configured after %d ms%n", sinceStart());
  }

  @AfterAll
  static void stopBoth() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (started != 0) {
      System.out.printf("federation processes: %d ms from the first start to the end%n", sinceStart());
    }
  }

  @Test
  @Order(1)
  void permittedByBoth_completesOnBoth_andReachesPhase8OnBoth() throws Exception {
    JsonNode done = submitAndWait("invoice.create", "invoices/2026-12", "{\"amount\": 250}");
    String id = done.path("executionId").asText();
    assertEquals("completed", done.path("status").asText(), done.toString());
    JsonNode origin = view(adminA, id);
    assertEquals("gw-b", origin.path("peer").path("name").asText(), origin.toString());
    assertEquals("child", origin.path("peer").path("role").asText());
    String child = origin.path("peer").path("executionId").asText();
    assertEquals(gwB.resolve("v1/executions/" + child).toString(), origin.path("peer").path("href").asText());
    JsonNode peer = awaitStatus(adminB, child, "completed", Duration.ofSeconds(15));
    assertEquals("gw-a", peer.path("peer").path("name").asText(), peer.toString());
    assertEquals("parent", peer.path("peer").path("role").asText());
    assertEquals(id, peer.path("parent").asText(), peer.toString());
    assertEquals(id, peer.path("peer").path("executionId").asText(), peer.toString());
    assertEquals("partner-a", peer.path("caller").path("domain").asText());
    assertEquals(origin.path("outcome").path("result"), peer.path("outcome").path("result"));
    await().atMost(Duration.ofSeconds(20)).until(() -> view(adminA, id).path("phase").asInt() == 8);
    await().atMost(Duration.ofSeconds(20)).until(() -> view(adminB, child).path("phase").asInt() == 8);
  }

  @Test
  @Order(2)
  void deniedByBsPolicy_whileAPermits_isDeniedOnA_namingThePeer() {
    JsonNode done = submitAndWait("invoice.create", "invoices/2026-12", "{\"amount\": 700}");
    String id = done.path("executionId").asText();
    JsonNode origin = awaitStatus(adminA, id, "denied", Duration.ofSeconds(15));
    String detail = origin.path("outcome").path("detail").asText();
    assertTrue(detail.contains("peer gateway gw-b"), detail);
    String child = origin.path("peer").path("executionId").asText();
    assertEquals("denied", awaitStatus(adminB, child, "denied", Duration.ofSeconds(10)).path("status").asText());
  }

  @Test
  @Order(3)
  void revocationOnB_interruptsAsExecution_within2s() {
    String id = submitSlowReport();
    String child = runningChildOf(id);
    ok(fxg(gwB, "admin", "revoke", "--key", adminKey(homeB), "--kind", "artifact", "--id", child, "--reason", "process test"));
    long revoked = System.nanoTime();
    JsonNode origin = awaitStatus(adminA, id, "interrupted", CROSS_OVER);
    System.out.printf("federation processes: revocation on gw-b -> gw-a interrupted %d ms after the revoke command ended%n",
        (System.nanoTime() - revoked) / 1_000_000);
    assertEquals("trust.revoked", origin.path("outcome").path("reason").asText(), origin.toString());
  }

  @Test
  @Order(4)
  void cancelOnA_interruptsBsChild_within2s() throws Exception {
    String id = submitSlowReport();
    String child = runningChildOf(id);
    HttpResponse<String> cancel = agent.send("POST", "/v1/executions/" + id + "/cancel", "", Map.of());
    assertEquals(200, cancel.statusCode(), cancel.body());
    long cancelled = System.nanoTime();
    JsonNode peer = awaitStatus(adminB, child, "interrupted", CROSS_OVER);
    System.out.printf("federation processes: cancel on gw-a -> gw-b's child interrupted in %d ms%n",
        (System.nanoTime() - cancelled) / 1_000_000);
    assertEquals("cancelled", peer.path("outcome").path("reason").asText(), peer.toString());
  }

  @Test
  @Order(5)
  void forgedParent_signedWithAsRealKey_isRefusedByB() throws Exception {
    Signer asGwA = GatewayKeys.load(homeA.resolve("keys"), homeA.resolve("keys/admin.jwks.json")).signer()
        .withKeyId("gateway/gw-a");
    Jwk stranger = Jwk.generate(null);
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = Json.object().put("iss", "fxg").put("sub", "partner-a/agent-7").put("aud", TARGET)
        .put("jti", ExecutionIds.next(Instant.now())).put("iat", now).put("exp", now + 60);
    ObjectNode fxg = claims.putObject("fxg").put("depth", 0).put("act", "invoice.create").put("res", "invoices/2026-12")
        .put("params", Digests.digestOfJson(Json.parse("{\"amount\": 1}")));
    fxg.putArray("chain");
    fxg.putObject("obl").put("maxDelegationDepth", 0);
    ObjectNode request = (ObjectNode) Json.parse(body("invoice.create", "invoices/2026-12", "{\"amount\": 1}"));
    request.put("parent", Jws.sign(stranger.signer().orElseThrow(), "fxg-authz+jwt", claims));
    HttpResponse<String> response = new SignedClient(gwB, asGwA).send("POST", "/v1/executions", Json.write(request),
        Map.of("Prefer", "wait=10"));
    JsonNode view = Json.parse(response.body());
    assertEquals("denied", view.path("status").asText(), response.body());
    assertEquals("delegation.bad-parent", view.path("outcome").path("reason").asText(), response.body());
  }

  @Test
  @Order(6)
  void witnessedLogs_eachCheckpointCarriesThePeersCosignatureLine() {
    long from = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> cosignedBy(gwA, gwB) && cosignedBy(gwB, gwA));
    System.out.printf("federation processes: each checkpoint carries the peer's cosignature (awaited %d ms)%n",
        (System.nanoTime() - from) / 1_000_000);
  }

  @Test
  @Order(9)
  void bKilledMinus9_whileRunning_interruptsAsExecution_federationUnreachable() {
    String id = submitSlowReport();
    runningChildOf(id);
    b.close();
    long killed = System.nanoTime();
    JsonNode origin = awaitStatus(adminA, id, "interrupted", Duration.ofSeconds(20));
    System.out.printf("federation processes: kill -9 of gw-b -> gw-a interrupted in %d ms (max-silence 3 s)%n",
        (System.nanoTime() - killed) / 1_000_000);
    assertEquals("federation.unreachable", origin.path("outcome").path("reason").asText(), origin.toString());
  }

  static String fxg() {
    return root.resolve("scripts/fxg").toString();
  }

  /** {@code scripts/fxg ARGS} against {@code gateway}, run to its end. */
  static CommandProcess fxg(URI gateway, String... args) {
    List<String> command = new ArrayList<>(List.of(fxg()));
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("FXG_GATEWAY", gateway.toString().replaceAll("/$", ""));
    return CommandProcess.run(command, root, env, COMMAND);
  }

  static CommandProcess ok(CommandProcess command) {
    assertEquals(0, command.exitCode(), command.output());
    return command;
  }

  static JsonNode submitAndWait(String action, String resource, String parameters) {
    return printedJson(fxg(gwA, "submit", "--key", agentKey.toString(), "--target", TARGET, "--action", action,
        "--resource", resource, "--params", parameters, "--wait", "15"));
  }

  static String submitSlowReport() {
    JsonNode accepted = printedJson(ok(fxg(gwA, "submit", "--key", agentKey.toString(), "--target", TARGET,
        "--action", "report.generate", "--resource", "reports/slow", "--params", "{\"amount\": 1, \"seconds\": 30}")));
    return accepted.path("executionId").asText();
  }

  /** The child on gw-b of gw-a's execution {@code id}, once it runs there. */
  static String runningChildOf(String id) {
    String[] child = new String[1];
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> (child[0] = view(adminA, id).path("peer").path("executionId").asText("")).length() > 0);
    awaitStatus(adminB, child[0], "running", Duration.ofSeconds(20));
    return child[0];
  }

  static String adminKey(Path home) {
    return home.resolve("keys/admin.private.jwk").toString();
  }

  static Path write(String name, String content) throws java.io.IOException {
    return Files.writeString(root.resolve(name), content);
  }

  static long sinceStart() {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
