package io.fxg.witness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.PeerViews;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.CosignatureVerifier;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.SignedNote;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two separate gateways (two clusters, two journals, two key sets) that witness each other: each
 * one's {@code GET /v1/log/checkpoint} ends up carrying the other's valid cosignature, after its
 * own log signature.
 */
class WitnessedGatewaysTest {
  static final GatewayFixture a = gateway("a");
  static final GatewayFixture b = gateway("b");

  static GatewayFixture gateway(String name) {
    return GatewayFixture.builder().unsigned().signingStubs()
        .config("fxg.log.origin = \"gw-" + name + ".example/log\"\nfxg.peers.name = \"gw-" + name + "\"\n"
            + "fxg.witness.name = \"gw-" + name + ".example/witness\"\nfxg.peers.witness-interval = 200 ms\n"
            + "fxg.log.checkpoint-interval = 200 ms")
        .build();
  }

  @BeforeAll
  static void start() {
    a.start();
    b.start();
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  static PeerSnapshot peerOf(String name, GatewayFixture gateway) throws Exception {
    JsonNode key = Json.parse(gateway.node().keysJwks()).path("keys").get(0);
    return PeerViews.peer(name, "http://127.0.0.1:" + gateway.node().httpPort(), key.path("kid").asText(),
        key.path("x").asText(), gateway.http().get("/v1/log/key").body(), gateway.http().get("/v1/witness/key").body());
  }

  @Test
  void witnessEachOther_eachCheckpointEndsUpCarryingTheOthersCosignature() throws Exception {
    a.submit("invoice.create", "invoices/witnessed-a");
    b.submit("invoice.create", "invoices/witnessed-b");
    PeerSnapshot peerB = peerOf("gw-b", b);
    PeerSnapshot peerA = peerOf("gw-a", a);
    CosignatureVerifier witnessA = CosignatureVerifier.parse(peerA.document().witnessKey());
    CosignatureVerifier witnessB = CosignatureVerifier.parse(peerB.document().witnessKey());
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
      PeerViews.ensure(a.node().trust(), peerB);
      PeerViews.ensure(b.node().trust(), peerA);
      return cosignedBy(b, peerB.document().logKey(), witnessA) && cosignedBy(a, peerA.document().logKey(), witnessB);
    });
    String note = a.http().get("/v1/log/checkpoint").body();
    SignedNote parsed = SignedNote.parse(note);
    assertEquals(NoteVerifier.parse(peerA.document().logKey()).name(), parsed.signatures().get(0).name(),
        "the log's own signature comes first");
    assertTrue(a.node().health().ready() && b.node().health().ready());
    assertTrue(a.node().witness().alarms().consistent());
  }

  /** Whether the gateway's served checkpoint opens with its log key and holds the witness's valid cosignature. */
  static boolean cosignedBy(GatewayFixture gateway, String logKey, CosignatureVerifier witness) throws Exception {
    var response = gateway.http().get("/v1/log/checkpoint");
    if (response.statusCode() != 200) {
      return false;
    }
    Checkpoint checkpoint = Checkpoint.open(response.body(), NoteVerifier.parse(logKey));
    SignedNote note = SignedNote.parse(response.body());
    for (SignedNote.Signature signature : note.signatures()) {
      if (witness.matches(signature)) {
        witness.verify(checkpoint.text(), signature);
        return true;
      }
    }
    return false;
  }
}
