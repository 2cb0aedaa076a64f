package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.identity.TrustRegistry;
import io.fxg.identity.TrustUpdate;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway nodes in one JVM sharing one journal: a nonce used on one node is refused on the
 * other, and revocations and suspensions made on one node take effect on the other within 1 s.
 */
class TrustFederationClusterTest {
  static final String SEARCH = "/v1/executions?limit=1";
  static final Jwk agent = Jwk.generate("partner-a/agent-7");
  static final Jwk revoked = Jwk.generate("partner-a/agent-8");
  static final Jwk suspended = Jwk.generate("partner-b/agent-1");
  @RegisterExtension
  static final GatewayFixture cluster = GatewayFixture.builder().nodes(2).journal(Journal.postgresOrH2())
      .services(StubServices.permitting()).build();
  static final SignedCalls one = cluster.calls(0);
  static final SignedCalls two = cluster.calls(1);
  static final Signer admin = cluster.admin();

  @BeforeAll
  static void start() throws Exception {
    for (GatewayNode node : cluster.nodes()) {
      ActorRef<Topic.Command<TrustUpdate>> probe = node.system().systemActorOf(
          Topic.create(TrustUpdate.class, TrustRegistry.TOPIC), "topic-probe", Props.empty());
      await().atMost(Duration.ofSeconds(30)).until(() -> topicInstances(node.system(), probe) == 2);
    }
    // Registered on the first node once both hear trust updates; the second knows them within 1 s.
    cluster.register(Federation.of().domain("partner-a", "Partner A").principal(agent).principal(revoked)
        .domain("partner-b", "Partner B").principal(suspended));
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> two.signed(signer(suspended), "GET", SEARCH, null).statusCode() == 200);
  }

  /** Topic instances with subscribers that this node knows of: one per node once the receptionist has spread. */
  static int topicInstances(ActorSystem<Void> system, ActorRef<Topic.Command<TrustUpdate>> probe) throws Exception {
    return AskPattern.<Topic.Command<TrustUpdate>, Topic.TopicStats>ask(probe, Topic::getTopicStats,
        Duration.ofSeconds(3), system.scheduler()).toCompletableFuture().get().topicInstanceCount();
  }

  static Signer signer(Jwk key) {
    return key.signer().orElseThrow();
  }

  static String type(HttpResponse<String> response) throws Exception {
    JsonNode body = Json.parse(response.body());
    return body.path("type").asText();
  }

  @Test
  void request_replayedOnOtherNode_isRefused() throws Exception {
    Map<String, String> headers = one.sign(signer(agent), Clock.systemUTC(), "GET", SEARCH, null);
    assertEquals(200, one.send("GET", SEARCH, null, headers).statusCode());
    HttpResponse<String> replay = two.send("GET", SEARCH, null, headers);
    assertEquals(401, replay.statusCode(), replay.body());
    assertEquals("urn:fxg:problem:signature.replayed", type(replay));
  }

  @Test
  void revocation_onFirstNode_takesEffectOnSecondWithinOneSecond() throws Exception {
    assertEquals(200, two.signed(signer(revoked), "GET", SEARCH, null).statusCode());
    long start = System.nanoTime();
    assertEquals(201, one.signed(admin, "POST", "/v1/admin/revocations",
        "{\"kind\":\"key\",\"id\":\"partner-a/agent-8\",\"reason\":\"compromised\"}").statusCode());
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
        .until(() -> type(two.signed(signer(revoked), "GET", SEARCH, null)).equals("urn:fxg:problem:signature.revoked-key"));
    System.out.printf("revocation on node 1 refused on node 2 after %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void suspension_onSecondNode_takesEffectOnFirstWithinOneSecond() throws Exception {
    assertEquals(200, one.signed(signer(suspended), "GET", SEARCH, null).statusCode());
    long start = System.nanoTime();
    assertEquals(200, two.signed(admin, "POST", "/v1/admin/domains/partner-b/suspend", "{\"reason\":\"incident\"}").statusCode());
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
        .until(() -> type(one.signed(signer(suspended), "GET", SEARCH, null)).equals("urn:fxg:problem:signature.suspended-domain"));
    System.out.printf("suspension on node 2 refused on node 1 after %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }
}
