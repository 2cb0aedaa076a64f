package io.fxg.cluster;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.StubServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes in one JVM on one journal: any node accepts any request and sharding routes it;
 * when a node leaves, its live executions are started again on a survivor (remembered entities),
 * re-attest and continue. The node-leaving test runs last, as it shrinks the cluster.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTest {
  static final io.fxg.crypto.Jwk ISSUER = io.fxg.crypto.Jwk.generate(null);
  static final java.util.function.UnaryOperator<io.fxg.execution.ExecutionServices> SERVICES =
      services -> StubServices.permitting().apply(services).withAuthorization(StubServices.chaining(ISSUER));
  @RegisterExtension
  static final GatewayFixture cluster = GatewayFixture.builder().nodes(3).unsigned().services(SERVICES)
      .config("pekko.cluster.split-brain-resolver.stable-after = 2 s").build();
  /** The running nodes, in start order. */
  static final List<GatewayNode> nodes = cluster.nodes();

  static JsonNode json(String body) throws Exception {
    return Json.parse(body);
  }

  @Test
  void anyNode_acceptsAnyRequest_andEveryNodeSeesTheSameExecution() throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 9; i++) {
      HttpCalls via = new HttpCalls(nodes.get(i % 3).httpPort());
      var response = via.post("/v1/executions", body("invoice.create"), "Fxg-Test-Caller", CALLER, "Prefer", "wait=10");
      assertEquals(200, response.statusCode(), response.body());
      ids.add(json(response.body()).get("executionId").asText());
    }
    for (String id : ids) {
      for (GatewayNode node : nodes) {
        JsonNode view = json(new HttpCalls(node.httpPort()).get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER).body());
        assertEquals("completed", view.get("status").asText());
      }
    }
  }

  @Test
  void clusterView_listsMembersAndEveryNodesOwnStatus() throws Exception {
    HttpCalls via = new HttpCalls(nodes.get(1).httpPort());
    // Receptionist registrations spread through the cluster by gossip: await every node's entry.
    await().atMost(Duration.ofSeconds(10)).until(() ->
        json(via.get("/v1/cluster", "Fxg-Test-Caller", "admin/root").body()).get("nodes").size() == nodes.size());
    JsonNode view = json(via.get("/v1/cluster", "Fxg-Test-Caller", "admin/root").body());
    assertEquals(nodes.size(), view.get("members").size());
    for (JsonNode node : view.get("nodes")) {
      assertTrue(node.get("ready").get("cluster-quorum").asBoolean(), view.toString());
    }
    assertTrue(view.get("singletons").asText().startsWith("pekko://fxg@127.0.0.1:"));
    assertEquals(403, new HttpCalls(nodes.get(1).httpPort()).get("/v1/cluster", "Fxg-Test-Caller", CALLER).statusCode());
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void nodeLeaving_handsItsLiveExecutionsToSurvivorsWhichReattest() throws Exception {
    GatewayNode leaving = nodes.get(2);
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      var response = new HttpCalls(nodes.get(0).httpPort()).post("/v1/executions", body("report.generate"), "Fxg-Test-Caller", CALLER);
      running.add(json(response.body()).get("executionId").asText());
    }
    HttpCalls survivor = new HttpCalls(nodes.get(0).httpPort());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (String id : running) {
        if (!json(survivor.get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER).body()).get("status").asText().equals("running")) {
          return false;
        }
      }
      return true;
    });
    Cluster.get(leaving.system()).manager().tell(Leave.create(Cluster.get(leaving.system()).selfMember().address()));
    await().atMost(Duration.ofSeconds(30)).until(() -> Cluster.get(nodes.get(0).system()).state().members().size() == 2
        && Cluster.get(leaving.system()).selfMember().status() == MemberStatus.removed());
    cluster.stop(leaving);
    // Those that lived on the leaving node were restarted on a survivor, which re-attested them.
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      int reattested = 0;
      for (String id : running) {
        JsonNode lineage = json(survivor.get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", CALLER).body());
        for (JsonNode record : lineage.get("records")) {
          if (record.get("type").asText().equals("runtime.verified")) {
            reattested++;
          }
        }
      }
      return reattested > 0;
    });
    for (String id : running) {
      assertEquals("running", json(survivor.get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER).body()).get("status").asText());
      assertEquals(200, survivor.post("/v1/executions/" + id + "/cancel", null, "Fxg-Test-Caller", CALLER).statusCode());
    }
    assertTrue(running.size() == 12);
  }

  @Test
  void revocation_interruptsEveryLiveExecutionOfThatKeyOnEveryNode_withinTwoSeconds() throws Exception {
    String revoked = "partner-r/agent-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      var response = new HttpCalls(nodes.get(i % nodes.size()).httpPort()).post("/v1/executions", body("report.generate"), "Fxg-Test-Caller", revoked);
      running.add(json(response.body()).get("executionId").asText());
    }
    HttpCalls admin = new HttpCalls(nodes.get(0).httpPort());
    await().atMost(Duration.ofSeconds(10)).until(() -> running.stream().allMatch(id -> status(admin, id).equals("running")));
    long before = System.currentTimeMillis();
    var revocation = admin.post("/v1/admin/revocations", "{\"kind\":\"key\",\"id\":\"" + revoked + "\",\"reason\":\"test\"}",
        "Fxg-Test-Caller", "admin/root");
    assertTrue(revocation.statusCode() < 300, revocation.body());
    await().atMost(Duration.ofSeconds(2)).until(() -> running.stream().allMatch(id -> status(admin, id).equals("interrupted")));
    long latest = 0;
    for (String id : running) {
      JsonNode records = json(admin.get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", "admin/root").body()).get("records");
      for (JsonNode record : records) {
        if (record.get("type").asText().equals("execution.interrupted")) {
          assertEquals("trust.revoked", record.at("/data/reason").asText());
          latest = Math.max(latest, java.time.Instant.parse(record.get("at").asText()).toEpochMilli());
        }
      }
    }
    System.out.printf("revocation accepted to last execution.interrupted across %d nodes (%d executions): %d ms%n",
        nodes.size(), running.size(), latest - before);
  }

  @Test
  void interruptedParent_cascadesToChildrenOnOtherNodes() throws Exception {
    HttpCalls via = new HttpCalls(nodes.get(0).httpPort());
    String parent = json(via.post("/v1/executions", body("report.generate"), "Fxg-Test-Caller", CALLER).body()).get("executionId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> status(via, parent).equals("running"));
    String artifact = json(via.get("/v1/executions/" + parent, "Fxg-Test-Caller", CALLER).body()).get("artifact").asText();
    String childBody = body("report.generate").replace("\"parameters\":{}", "\"parameters\":{},\"parent\":\"" + artifact + "\"");
    List<String> children = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      var response = new HttpCalls(nodes.get(i % nodes.size()).httpPort()).post("/v1/executions", childBody,
          "Fxg-Test-Caller", "acme/billing-prod", "Fxg-Test-Kind", "environment");
      children.add(json(response.body()).get("executionId").asText());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().allMatch(id -> status(via, id).equals("running")));
    String parentHost = hostOf(parent);
    assertTrue(children.stream().anyMatch(id -> !hostOf(id).equals(parentHost)), "some child lives on another node than its parent");
    assertEquals(200, via.post("/v1/executions/" + parent + "/cancel", null, "Fxg-Test-Caller", CALLER).statusCode());
    await().atMost(Duration.ofSeconds(2)).until(() -> children.stream().allMatch(id -> status(via, id).equals("interrupted")));
    for (String id : children) {
      assertEquals("trust.revoked", json(via.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").body()).at("/outcome/reason").asText());
    }
  }

  static String status(HttpCalls http, String id) {
    try {
      return json(http.get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").body()).get("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The node whose supervisor tracks the execution as live. */
  static String hostOf(String id) {
    return hostOf(id, nodes);
  }

  static String hostOf(String id, List<GatewayNode> nodes) {
    for (GatewayNode node : nodes) {
      var live = org.apache.pekko.actor.typed.javadsl.AskPattern.<io.fxg.monitor.ExecutionSupervisor.Command, io.fxg.monitor.ExecutionSupervisor.LiveExecutions>ask(
          node.supervisor(), io.fxg.monitor.ExecutionSupervisor.GetLive::new, Duration.ofSeconds(3), node.system().scheduler())
          .toCompletableFuture().join();
      if (live.executions().stream().anyMatch(e -> e.intent().executionId().equals(id))) {
        return node.system().address().toString();
      }
    }
    return "nowhere";
  }

  static String body(String action) {
    return "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},\"action\":\"" + action
        + "\",\"resource\":\"r/1\",\"parameters\":{}}";
  }
}
