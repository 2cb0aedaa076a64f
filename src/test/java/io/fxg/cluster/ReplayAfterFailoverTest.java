package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.Journal;
import io.fxg.testkit.SignedCalls;
import io.fxg.testkit.StubServices;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
  static final Jwk agent = Jwk.generate("partner-a/agent-7");
  /** Node 0 survives; node 1, the victim, joined it. */
  @RegisterExtension
  static final GatewayFixture cluster = GatewayFixture.builder().nodes(2)
      .config("pekko.cluster.split-brain-resolver.stable-after = 2 s").services(StubServices.permitting())
      .journal(Journal.postgresOrH2()).federation(Federation.of().domain("partner-a", "Partner A").principal(agent))
      .build();
  static final SignedCalls onSurvivor = cluster.calls(0);
  static final SignedCalls onVictim = cluster.calls(1);

  @BeforeAll
  static void agentKnownToVictim() {
    await().atMost(Duration.ofSeconds(5)).until(() -> onVictim.signed(signer(), "GET", "/v1/executions?limit=1", null)
        .statusCode() == 200);
  }

  static Signer signer() {
    return agent.signer().orElseThrow();
  }

  @Test
  void replay_onSurvivorAfterNodeThatClaimedItStopped_isRefusedAsReplayed() throws Exception {
    Map<String, String> headers = onVictim.sign(signer(), Clock.systemUTC(), "POST", SUBMIT, BODY);
    HttpResponse<String> accepted = onVictim.send("POST", SUBMIT, BODY, headers);
    assertTrue(accepted.statusCode() == 200 || accepted.statusCode() == 202, accepted.body());

    GatewayNode survivor = cluster.node(0);
    cluster.stop(cluster.node(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> Cluster.get(survivor.system()).state().members().size() == 1);

    HttpResponse<String> replay = onSurvivor.send("POST", SUBMIT, BODY, headers);
    assertEquals(401, replay.statusCode(), replay.body());
    assertEquals("urn:fxg:problem:signature.replayed", Json.parse(replay.body()).path("type").asText());
  }
}
