package io.fxg.cluster;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.NetworkCuts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A real network partition: three joined nodes, then every message between one node and the
 * other two is dropped at the transport (Artery test mode). The isolated node must stop being
 * ready, refuse new executions with 503 and interrupt what it runs ({@code governance.partitioned});
 * the split-brain resolver (keep-majority, the shipped {@code stable-after} and failure detector)
 * downs it, and the majority takes its shards over and keeps accepting and completing executions.
 * Prints partition → minority not ready and partition → majority serves the isolated node's entities.
 */
class ClusterPartitionTest {
  static final ListAppender<ILoggingEvent> sbrLog = sbrLog();
  @RegisterExtension
  static final GatewayFixture cluster = GatewayFixture.builder().nodes(3).unsigned().services(ThreeNodeClusterTest.SERVICES)
      .config(NetworkCuts.TEST_MODE).build();
  static final List<GatewayNode> nodes = cluster.nodes();

  /** Collects the split-brain resolver's decisions, attached before the nodes start. */
  static ListAppender<ILoggingEvent> sbrLog() {
    Logger sbr = (Logger) LoggerFactory.getLogger("org.apache.pekko.cluster.sbr");
    sbr.setLevel(Level.INFO);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    sbr.addAppender(log);
    return log;
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger("org.apache.pekko.cluster.sbr")).detachAppender(sbrLog);
  }

  @Test
  void isolatedNode_failsClosed_andTheMajorityTakesItsShardsOver() throws Exception {
    // The youngest node by default; -Dfxg.test.isolate=oldest cuts off the one that also hosts the
    // shard coordinator and the singletons.
    boolean oldest = "oldest".equals(System.getProperty("fxg.test.isolate"));
    GatewayNode isolated = nodes.get(oldest ? 0 : 2);
    List<GatewayNode> majority = oldest ? List.of(nodes.get(1), nodes.get(2)) : List.of(nodes.get(0), nodes.get(1));
    HttpCalls survivor = new HttpCalls(majority.get(0).httpPort());
    HttpCalls minority = new HttpCalls(isolated.httpPort());
    String stableAfter = isolated.system().settings().config().getString("pekko.cluster.split-brain-resolver.stable-after");
    assertEquals("keep-majority", isolated.system().settings().config().getString("pekko.cluster.split-brain-resolver.active-strategy"));

    // Live executions spread over the three nodes; keep those that the isolated node hosts.
    List<String> onIsolated = new ArrayList<>();
    for (int i = 0; i < 30 && onIsolated.size() < 3; i++) {
      String id = Json.parse(survivor.post("/v1/executions", ThreeNodeClusterTest.body("report.generate"),
          "Fxg-Test-Caller", CALLER).body()).get("executionId").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> ThreeNodeClusterTest.status(survivor, id).equals("running"));
      if (hostOf(id).equals(isolated.system().address().toString())) {
        onIsolated.add(id);
      }
    }
    assertFalse(onIsolated.isEmpty(), "some execution runs on the node to be isolated");

    long cut = System.nanoTime();
    NetworkCuts.isolate(isolated.system(), List.of(majority.get(0).system(), majority.get(1).system()));
    TakeoverProbe takeover = new TakeoverProbe(majority.get(0).httpPort(), onIsolated.get(0), cut);

    // One polling loop notes when the majority marks the node unreachable and when it reports not ready.
    long[] unreachable = {0};
    long[] notReadyAt = {0};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      long now = System.nanoTime();
      if (unreachable[0] == 0 && !Cluster.get(majority.get(0).system()).state().getUnreachable().isEmpty()) {
        unreachable[0] = now;
      }
      if (notReadyAt[0] == 0 && minority.get("/health/ready").statusCode() == 503) {
        notReadyAt[0] = now;
      }
      return unreachable[0] != 0 && notReadyAt[0] != 0;
    });
    long notReady = notReadyAt[0];
    var refused = minority.post("/v1/executions", ThreeNodeClusterTest.body("invoice.create"), "Fxg-Test-Caller", CALLER);
    assertEquals(503, refused.statusCode(), refused.body());
    for (GatewayNode node : majority) {
      assertEquals(200, new HttpCalls(node.httpPort()).get("/health/ready").statusCode(), "the majority stays ready");
    }
    // While the node is unreachable but not yet downed, the majority allocates new shards and
    // completes new executions (one landing on a shard of the cut-off node would wait for the takeover).
    // Not so when the cut-off node hosts the shard coordinator: allocation waits for it to move.
    if (!oldest) {
      int completedInWindow = 0;
      for (int i = 0; i < 6 && completedInWindow < 3; i++) {
        var response = new HttpCalls(majority.get(i % 2).httpPort()).post("/v1/executions",
            ThreeNodeClusterTest.body("invoice.create"), "Fxg-Test-Caller", CALLER, "Prefer", "wait=3");
        if (response.statusCode() == 200 && Json.parse(response.body()).get("status").asText().equals("completed")) {
          completedInWindow++;
        }
      }
      assertEquals(3, completedInWindow, "executions completed on the majority during the partition");
      assertTrue(memberOf(majority.get(0), isolated), "still before the resolver downed the isolated node");
    }

    // Nothing runs ungoverned on the minority side: its executions end with the partition as reason.
    await().atMost(Duration.ofSeconds(5)).until(() -> onIsolated.stream().allMatch(id -> ThreeNodeClusterTest.status(minority, id).equals("interrupted")));

    // The resolver downs the minority (it downs itself too), and the majority serves its entities.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(takeover::served);
    for (String id : onIsolated) {
      JsonNode view = Json.parse(survivor.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").body());
      assertEquals("interrupted", view.get("status").asText(), view.toString());
      assertEquals("governance.partitioned", view.at("/outcome/reason").asText(), view.toString());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> majority.stream().allMatch(n ->
        Cluster.get(n.system()).state().members().size() == 2
            && Cluster.get(n.system()).state().getUnreachable().isEmpty()));
    MemberStatus isolatedStatus = Cluster.get(isolated.system()).selfMember().status();
    assertTrue(isolatedStatus == MemberStatus.down() || isolatedStatus == MemberStatus.removed(), isolatedStatus.toString());
    assertTrue(majority.stream().anyMatch(n -> sbrDecision("DownUnreachable", n)), "majority side (its leader): keep-majority downs the unreachable node");
    assertTrue(sbrDecision("DownReachable", isolated), "minority side: keep-majority downs itself");

    for (int i = 0; i < 6; i++) {
      var done = new HttpCalls(majority.get(i % 2).httpPort()).post("/v1/executions", ThreeNodeClusterTest.body("invoice.create"),
          "Fxg-Test-Caller", CALLER, "Prefer", "wait=10");
      assertEquals(200, done.statusCode(), done.body());
      assertEquals("completed", Json.parse(done.body()).get("status").asText());
    }
    long owned = takeover.firstServedNanos();
    System.out.printf("partition of the %s node (stable-after %s, %d executions on it): minority not ready %d ms after the cut;"
            + " majority marks it unreachable after %d ms and serves its entities after %d ms (%d ms after unreachable)%n",
        oldest ? "oldest" : "youngest", stableAfter, onIsolated.size(), (notReady - cut) / 1_000_000, (unreachable[0] - cut) / 1_000_000,
        (owned - cut) / 1_000_000, (owned - unreachable[0]) / 1_000_000);
    long bound = isolated.system().settings().config().getDuration("pekko.cluster.split-brain-resolver.stable-after").toMillis() + 5_000;
    assertTrue((owned - unreachable[0]) / 1_000_000 <= bound,
        "takeover within stable-after + 5 s of unreachability: " + (owned - unreachable[0]) / 1_000_000 + " ms");
    cluster.stop(isolated);
  }

  static boolean sbrDecision(String decision, GatewayNode node) {
    String address = node.system().address().toString();
    return sbrLog.list.stream().anyMatch(e -> e.getFormattedMessage().contains("SBR took decision " + decision)
        && e.getMDCPropertyMap().values().stream().anyMatch(value -> value.contains(address)));
  }

  static boolean memberOf(GatewayNode viewer, GatewayNode node) {
    for (var member : Cluster.get(viewer.system()).state().getMembers()) {
      if (member.address().equals(node.system().address()) && member.status() == MemberStatus.up()) {
        return true;
      }
    }
    return false;
  }

  static String hostOf(String id) {
    return ThreeNodeClusterTest.hostOf(id, nodes);
  }

  /**
   * Asks a majority node for an entity of the isolated node every 200 ms, each request on its own
   * (one routed to the cut-off node waits out its ask timeout), and keeps the first moment one is
   * answered with the entity's view.
   */
  static final class TakeoverProbe {
    private final HttpClient client = HttpClient.newHttpClient();
    private final HttpRequest request;
    private final AtomicLong firstServed = new AtomicLong(Long.MAX_VALUE);
    private long lastSent;

    TakeoverProbe(int port, String executionId, long since) {
      this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/executions/" + executionId))
          .header("Fxg-Test-Caller", "admin/root").timeout(Duration.ofSeconds(15)).build();
      this.lastSent = since;
    }

    boolean served() {
      long now = System.nanoTime();
      if (now - lastSent >= 200_000_000L) {
        lastSent = now;
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
          if (response.statusCode() == 200) {
            firstServed.accumulateAndGet(System.nanoTime(), Math::min);
          }
        });
      }
      return firstServed.get() != Long.MAX_VALUE;
    }

    long firstServedNanos() {
      return firstServed.get();
    }
  }
}
