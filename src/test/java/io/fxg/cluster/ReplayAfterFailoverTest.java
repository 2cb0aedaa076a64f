package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.SignedCalls;
import io.fxg.testkit.StubServices;
import io.fxg.testkit.TestNodes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM on one journal: a signed submission accepted by the second node, that node
 * then stopped, and the same signed request replayed on the survivor within the skew window is
 * refused {@code 401 signature.replayed}, because its nonce was claimed in the journal's database,
 * not in the memory of a node. (The real {@code kill -9} is in {@link ClusterFailoverProcessTest}.)
 */
class ReplayAfterFailoverTest {
  static final String SUBMIT = "/v1/executions";
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/1\",\"parameters\":{\"amount\":10}}";
  static GatewayNode survivor;
  static GatewayNode victim;
  static final Jwk agent = Jwk.generate("partner-a/agent-7");

  @BeforeAll
  static void start() throws Exception {
    Path keys = Files.createTempDirectory("fxg-keys");
    String db = "jdbc:h2:mem:replay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String common = "fxg.keys.dir = \"" + keys + "\"\npekko.cluster.split-brain-resolver.stable-after = 2 s\n";
    survivor = GatewayNode.start(TestNodes.config(common, TestNodes.journalUrl(db)), StubServices.permitting());
    victim = GatewayNode.start(TestNodes.config(common + "fxg.cluster.seed-nodes = \"127.0.0.1:"
        + survivor.clusterPort() + "\"", TestNodes.journalUrl(db)), StubServices.permitting());
    for (GatewayNode node : new GatewayNode[] {survivor, victim}) {
      await().atMost(Duration.ofSeconds(60)).until(() -> new HttpCalls(node.httpPort()).get("/health/ready").statusCode() == 200
          && Cluster.get(node.system()).state().members().size() == 2);
    }
    Signer admin = Federation.admin(keys);
    var partnerA = Federation.withPrincipal(Federation.document("Partner A"), "agent-7", agent, "invoker");
    SignedCalls calls = new SignedCalls(survivor.httpPort());
    assertEquals(201, calls.signed(admin, "PUT", "/v1/admin/domains/partner-a", Json.write(partnerA)).statusCode());
    SignedCalls onVictim = new SignedCalls(victim.httpPort());
    await().atMost(Duration.ofSeconds(5)).until(() -> onVictim.signed(signer(), "GET", "/v1/executions?limit=1", null)
        .statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    survivor.close();
  }

  static Signer signer() {
    return agent.signer().orElseThrow();
  }

  @Test
  void replay_onSurvivorAfterNodeThatClaimedItStopped_isRefusedAsReplayed() throws Exception {
    SignedCalls onVictim = new SignedCalls(victim.httpPort());
    Map<String, String> headers = onVictim.sign(signer(), Clock.systemUTC(), "POST", SUBMIT, BODY);
    HttpResponse<String> accepted = onVictim.send("POST", SUBMIT, BODY, headers);
    assertTrue(accepted.statusCode() == 200 || accepted.statusCode() == 202, accepted.body());

    victim.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> Cluster.get(survivor.system()).state().members().size() == 1);

    HttpResponse<String> replay = new SignedCalls(survivor.httpPort()).send("POST", SUBMIT, BODY, headers);
    assertEquals(401, replay.statusCode(), replay.body());
    assertEquals("urn:fxg:problem:signature.replayed", Json.parse(replay.body()).path("type").asText());
  }
}
