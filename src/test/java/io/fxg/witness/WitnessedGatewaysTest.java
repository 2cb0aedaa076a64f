package io.fxg.witness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.PeerViews;
import io.fxg.http.CosignatureRoutes;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.CosignatureSigner;
import io.fxg.proof.ProofBundleVerifier;
import io.fxg.proof.CosignatureVerifier;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.SignedNote;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two separate gateways (two clusters, two journals, two key sets) that witness each other: each
 * one's {@code GET /v1/log/checkpoint} ends up carrying the other's valid cosignature, after its
 * own log signature.
 */
class WitnessedGatewaysTest {
  static final GatewayFixture a = gateway("a", "fxg.log.witness-quorum = 1");
  static final GatewayFixture b = gateway("b", "");

  static GatewayFixture gateway(String name, String extra) {
    return GatewayFixture.builder().unsigned().signingStubs().config(extra)
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
    String execution = a.submit("invoice.create", "invoices/witnessed-a");
    b.submit("invoice.create", "invoices/witnessed-b");
    a.awaitStatus(execution, "completed");
    var pending = proof(execution);
    assertEquals(409, pending.statusCode(), "quorum 1 and no witness yet: " + pending.body());
    assertTrue(pending.body().contains("proof.pending"), pending.body());
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

    await().atMost(Duration.ofSeconds(20)).until(() -> proof(execution).statusCode() == 200);
    String bundle = proof(execution).body();
    var result = ProofBundleVerifier.withKeys(a.node().keysJwks(), peerA.document().logKey())
        .requiringWitnesses(List.of(peerB.document().witnessKey())).verify(bundle);
    assertTrue(result.ok(), result.report());
    assertTrue(result.report().contains("PASS checkpoint.cosignature[" + witnessB.keyIdText() + "]"), result.report());
  }

  @Test
  void postCosignature_unknownWitnessBadSignatureOrOversized_isRefusedNamingTheProblem() throws Exception {
    String checkpoint = a.http().get("/v1/log/checkpoint").body();
    String body = SignedNote.parse(checkpoint).text();
    CosignatureSigner stranger = CosignatureSigner.of("stranger.example/w", new byte[32]);
    var unknown = a.http().post("/v1/log/cosignatures", stranger.cosign(body, 1_765_000_000L));
    assertEquals(400, unknown.statusCode(), unknown.body());
    assertTrue(unknown.body().contains("cosignature.unknown_key"), unknown.body());
    var malformed = a.http().post("/v1/log/cosignatures", "\u2014 not a cosignature");
    assertEquals(400, malformed.statusCode(), malformed.body());
    assertTrue(malformed.body().contains("cosignature.malformed"), malformed.body());
    var oversized = a.http().post("/v1/log/cosignatures", "x".repeat(CosignatureRoutes.MAX_COSIGNATURE_BYTES + 1));
    assertEquals(413, oversized.statusCode(), oversized.body());
    var noSuchSize = a.http().post("/v1/log/cosignatures?size=999999", stranger.cosign(body, 1_765_000_000L));
    assertEquals(400, noSuchSize.statusCode(), noSuchSize.body());
  }

  static java.net.http.HttpResponse<String> proof(String id) {
    return a.http().get("/v1/executions/" + id + "/proof", "Fxg-Test-Caller", GatewayFixture.CALLER);
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
