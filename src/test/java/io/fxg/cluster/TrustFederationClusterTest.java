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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway nodes in one JVM sharing one journal: a nonce used on one node is refused on the
 * other, and revocations and suspensions made on one node take effect on the other within 1 s.
 */
class TrustFederationClusterTest {
  static final String SEARCH = "/v1/executions?limit=1";
  static GatewayNode first;
  static GatewayNode second;
  static SignedCalls one;
  static SignedCalls two;
  static Signer admin;
  static final Jwk agent = Jwk.generate("partner-a/agent-7");
  static final Jwk revoked = Jwk.generate("partner-a/agent-8");
  static final Jwk suspended = Jwk.generate("partner-b/agent-1");

  @BeforeAll
  static void start() throws Exception {
    Path keys = Files.createTempDirectory("fxg-keys");
    String db = "jdbc:h2:mem:fxg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String common = "fxg.keys.dir = \"" + keys + "\"\n";
    first = GatewayNode.start(TestNodes.config(common, TestNodes.journalUrl(db)), StubServices.permitting());
    int seedPort = Cluster.get(first.system()).selfMember().address().getPort().get();
    second = GatewayNode.start(TestNodes.config(common + "fxg.cluster.seed-nodes = \"127.0.0.1:" + seedPort + "\"",
        TestNodes.journalUrl(db)), StubServices.permitting());
    for (GatewayNode node : new GatewayNode[] {first, second}) {
      HttpCalls http = new HttpCalls(node.httpPort());
      await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health/ready").statusCode() == 200
          && upMembers(node.system()) == 2);
      ActorRef<Topic.Command<TrustUpdate>> probe = node.system().systemActorOf(
          Topic.create(TrustUpdate.class, TrustRegistry.TOPIC), "topic-probe", Props.empty());
      await().atMost(Duration.ofSeconds(30)).until(() -> topicInstances(node.system(), probe) == 2);
    }
    one = new SignedCalls(first.httpPort());
    two = new SignedCalls(second.httpPort());
    admin = Federation.admin(keys);
    var partnerA = Federation.document("Partner A");
    Federation.withPrincipal(partnerA, "agent-7", agent, "invoker");
    Federation.withPrincipal(partnerA, "agent-8", revoked, "invoker");
    assertEquals(201, one.signed(admin, "PUT", "/v1/admin/domains/partner-a", Json.write(partnerA)).statusCode());
    var partnerB = Federation.withPrincipal(Federation.document("Partner B"), "agent-1", suspended, "invoker");
    assertEquals(201, one.signed(admin, "PUT", "/v1/admin/domains/partner-b", Json.write(partnerB)).statusCode());
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> two.signed(signer(suspended), "GET", SEARCH, null).statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  static long upMembers(ActorSystem<?> system) {
    long up = 0;
    for (var member : Cluster.get(system).state().getMembers()) {
      up += member.status() == MemberStatus.up() ? 1 : 0;
    }
    return up;
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
