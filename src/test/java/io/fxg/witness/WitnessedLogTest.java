package io.fxg.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.CosignatureSigner;
import io.fxg.proof.MerkleTree;
import io.fxg.proof.NoteSigner;
import io.fxg.proof.SignedNote;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The witness state of one peer log: advance, replay, refuse inconsistency, raise the alarm. */
class WitnessedLogTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\npekko.persistence.journal.plugin = \""
          + PersistenceTestKitPlugin.PluginId() + "\""))
      .withFallback(ConfigFactory.load()));
  static final String ORIGIN = "peer-b.example/log";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
  final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  final NoteSigner logKey = NoteSigner.generate(ORIGIN);
  final CosignatureSigner witness = CosignatureSigner.of("peer-a.example/witness", new byte[32]);
  final MerkleTree tree = MerkleTree.create();
  final MerkleTree fork = MerkleTree.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    journal.clearAll();
  }

  EventSourcedBehaviorTestKit<WitnessedLog.Command, WitnessedLog.Event, WitnessedLog.State> entity() {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        WitnessedLog.create(WitnessedLog.entityId(ORIGIN), witness, CLOCK));
  }

  void grow(MerkleTree t, String prefix, int leaves) {
    for (int i = 0; i < leaves; i++) {
      t.appendData((prefix + t.size()).getBytes(StandardCharsets.UTF_8));
    }
  }

  String note(MerkleTree t) {
    return Checkpoint.of(ORIGIN, t.size(), t.root()).sign(logKey);
  }

  List<String> proof(MerkleTree t, long from) {
    return from == 0 || from == t.size() ? List.of()
        : t.consistencyProof(from, t.size()).stream().map(Base64.getEncoder()::encodeToString).toList();
  }

  WitnessedLog.Reply cosign(EventSourcedBehaviorTestKit<WitnessedLog.Command, WitnessedLog.Event, WitnessedLog.State> kit,
      String note, long old, List<String> proof) {
    return kit.<WitnessedLog.Reply>runCommand(r -> new WitnessedLog.Cosign("peer-b", logKey.verifier().verifierKey(),
        note, old, proof, r)).reply();
  }

  @Test
  void cosign_growingConsistentLog_advancesAndTheLineVerifies() throws Exception {
    var kit = entity();
    grow(tree, "r", 3);
    var first = assertInstanceOf(WitnessedLog.Cosigned.class, cosign(kit, note(tree), 0, List.of()));
    assertEquals(CLOCK.instant().getEpochSecond(), witness.verifier()
        .verify(SignedNote.parse(note(tree)).text(), first.line()));
    grow(tree, "r", 5);
    var result = kit.<WitnessedLog.Reply>runCommand(r -> new WitnessedLog.Cosign("peer-b",
        logKey.verifier().verifierKey(), note(tree), 3, proof(tree, 3), r));
    assertInstanceOf(WitnessedLog.Cosigned.class, result.reply());
    WitnessedLog.Advanced advanced = assertInstanceOf(WitnessedLog.Advanced.class, result.event());
    assertEquals(8, advanced.size());
    assertEquals(new WitnessedLog.Tracking(ORIGIN, 8, Base64.getEncoder().encodeToString(tree.root())), result.state());
  }

  @Test
  void cosign_afterRestart_refusesAnInconsistentCheckpointAndAlarms() {
    var kit = entity();
    grow(tree, "r", 4);
    assertInstanceOf(WitnessedLog.Cosigned.class, cosign(kit, note(tree), 0, List.of()));
    kit.restart();
    assertEquals(4, kit.<WitnessedLog.StateReply>runCommand(WitnessedLog.GetState::new).reply().size());
    grow(fork, "forked", 9);
    var result = kit.<WitnessedLog.Reply>runCommand(r -> new WitnessedLog.Cosign("peer-b",
        logKey.verifier().verifierKey(), note(fork), 4, proof(fork, 4), r));
    var split = assertInstanceOf(WitnessedLog.SplitView.class, result.reply());
    assertEquals(4, split.alarm().witnessedSize());
    assertEquals(9, split.alarm().claimedSize());
    assertTrue(split.alarm().detail().contains("consistency proof"), split.alarm().detail());
    assertInstanceOf(WitnessedLog.SplitViewDetected.class, result.event());
    kit.restart();
    grow(tree, "r", 2);
    assertInstanceOf(WitnessedLog.SplitView.class, cosign(kit, note(tree), 4, proof(tree, 4)),
        "an alarmed witness cosigns nothing more, even after a restart");
  }

  @Test
  void cosign_forkAtTheSameSize_isRefusedWithAnAlarmEventNamingBothRoots() {
    var kit = entity();
    grow(tree, "r", 6);
    grow(fork, "forked", 6);
    assertInstanceOf(WitnessedLog.Cosigned.class, cosign(kit, note(tree), 0, List.of()));
    var result = kit.<WitnessedLog.Reply>runCommand(r -> new WitnessedLog.Cosign("peer-b",
        logKey.verifier().verifierKey(), note(fork), 6, List.of(), r));
    assertInstanceOf(WitnessedLog.SplitView.class, result.reply());
    var event = assertInstanceOf(WitnessedLog.SplitViewDetected.class, result.event());
    assertEquals(Base64.getEncoder().encodeToString(tree.root()), event.alarm().witnessedRoot());
    assertEquals(Base64.getEncoder().encodeToString(fork.root()), event.alarm().claimedRoot());
    assertEquals("same size, different root", event.alarm().detail());
    assertInstanceOf(WitnessedLog.Alarmed.class, result.state());
    var cleared = kit.<WitnessedLog.StateReply>runCommand(r -> new WitnessedLog.ClearAlarm("resolved", r));
    assertEquals(null, cleared.reply().alarm());
    assertInstanceOf(WitnessedLog.Cosigned.class, cosign(kit, note(tree), 6, List.of()));
  }

  @Test
  void cosign_badLogSignatureOrStaleSizeOrOldSizeMismatch_isRefusedWithoutAlarm() {
    var kit = entity();
    grow(tree, "r", 5);
    String note = note(tree);
    String tampered = note.replace(ORIGIN + "\n5\n", ORIGIN + "\n6\n");
    assertInstanceOf(WitnessedLog.Refused.class, cosign(kit, tampered, 0, List.of()));
    String otherKey = Checkpoint.of(ORIGIN, tree.size(), tree.root()).sign(NoteSigner.generate(ORIGIN));
    assertInstanceOf(WitnessedLog.Refused.class, cosign(kit, otherKey, 0, List.of()));
    assertInstanceOf(WitnessedLog.Cosigned.class, cosign(kit, note, 0, List.of()));
    assertEquals(new WitnessedLog.Conflict(5), cosign(kit, note, 3, List.of()));
    MerkleTree smaller = MerkleTree.create();
    grow(smaller, "r", 2);
    assertInstanceOf(WitnessedLog.Refused.class, cosign(kit, note(smaller), 5, List.of()));
    assertEquals(null, kit.<WitnessedLog.StateReply>runCommand(WitnessedLog.GetState::new).reply().alarm());
  }
}
