package io.fxg.witness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.PeerViews;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.CosignatureVerifier;
import io.fxg.proof.MerkleTree;
import io.fxg.proof.NoteSigner;
import io.fxg.testkit.GatewayFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A peer log that shows the witness a fork: first an honest checkpoint, then a checkpoint of
 * another tree signed with the same log key (with that tree's own consistency proof). The witness
 * cosigns the first, refuses the fork, keeps the alarm, and the node's readiness fails.
 */
class SplitViewTest {
  static final String ORIGIN = "evil.example/log";
  static final GatewayFixture witness = GatewayFixture.builder().unsigned().signingStubs()
      .config("fxg.peers.witness-interval = 200 ms\nfxg.witness.name = \"witness.example/w\"").build();
  static final NoteSigner logKey = NoteSigner.generate(ORIGIN);
  static final AtomicReference<MerkleTree> served = new AtomicReference<>();
  static final List<String> handedBack = new CopyOnWriteArrayList<>();
  static HttpServer peer;

  @BeforeAll
  static void start() throws IOException {
    witness.start();
    peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext("/v1/log/checkpoint", exchange -> {
      MerkleTree tree = served.get();
      respond(exchange, 200, Checkpoint.of(ORIGIN, tree.size(), tree.root()).sign(logKey));
    });
    peer.createContext("/v1/log/proof/consistency", exchange -> {
      String[] query = exchange.getRequestURI().getQuery().split("&");
      long from = Long.parseLong(query[0].substring("from=".length()));
      long to = Long.parseLong(query[1].substring("to=".length()));
      StringBuilder json = new StringBuilder("{\"path\":[");
      List<byte[]> path = served.get().consistencyProof(from, to);
      for (int i = 0; i < path.size(); i++) {
        json.append(i == 0 ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(path.get(i))).append('"');
      }
      respond(exchange, 200, json.append("]}").toString());
    });
    peer.createContext("/v1/log/cosignatures", exchange -> {
      handedBack.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      respond(exchange, 201, "{}");
    });
    peer.start();
  }

  @AfterAll
  static void stop() {
    peer.stop(0);
    witness.close();
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  static MerkleTree tree(String prefix, int leaves) {
    MerkleTree tree = MerkleTree.create();
    for (int i = 0; i < leaves; i++) {
      tree.appendData((prefix + i).getBytes(StandardCharsets.UTF_8));
    }
    return tree;
  }

  @Test
  void forkedCheckpoint_isRefusedAlarmedAndReadinessFails() throws Exception {
    PeerSnapshot evil = PeerViews.peer("evil", "http://127.0.0.1:" + peer.getAddress().getPort(),
        "kid", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]),
        logKey.verifier().verifierKey(), null);
    CosignatureVerifier self = CosignatureVerifier.parse(witness.http().get("/v1/witness/key").body());
    MerkleTree honest = tree("honest", 3);
    served.set(honest);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      PeerViews.ensure(witness.node().trust(), evil);
      return !handedBack.isEmpty();
    });
    self.verify(Checkpoint.of(ORIGIN, 3, honest.root()).text(), handedBack.get(0));
    assertTrue(witness.node().health().ready());

    served.set(tree("forked", 5));
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      PeerViews.ensure(witness.node().trust(), evil);
      return !witness.node().witness().alarms().consistent();
    });
    WitnessedLog.Alarm alarm = witness.node().witness().alarms().alarms().get(ORIGIN);
    assertEquals(3, alarm.witnessedSize());
    assertEquals(5, alarm.claimedSize());
    assertEquals("evil", alarm.peer());
    assertEquals(1, handedBack.size(), "the fork was never cosigned");
    assertFalse(witness.node().health().evaluate().get("peer-logs-consistent"));
    assertEquals(503, witness.http().get("/health/ready").statusCode());
    assertTrue(witness.http().get("/metrics").body().contains("fxg_witness_alarms 1"));
  }
}
