package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Peer entity: chained lineage of registrations, updates and removals, publication, replay. */
class PeerTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\npekko.persistence.journal.plugin = \""
          + PersistenceTestKitPlugin.PluginId() + "\""))
      .withFallback(ConfigFactory.load()));
  static final String LOG_KEY = "peer.example/log+0a1b2c3d+" + Encoding.b64(new byte[33]);
  final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  final TestProbe<Topic.Command<TrustUpdate>> topic = testKit.createTestProbe();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    journal.clearAll();
  }

  static PeerDocument document(String url, String... domains) {
    Jwk key = Jwk.generate(null);
    return new PeerDocument(url, List.of(new PeerDocument.GatewayKey(key.kid(), Encoding.b64url(key.publicKey().raw()))),
        LOG_KEY, null, List.of(domains));
  }

  EventSourcedBehaviorTestKit<Peer.Command, Peer.Event, Peer.State> peer() {
    return EventSourcedBehaviorTestKit.create(testKit.system(), Peer.create("beta", Clock.systemUTC(), "n1", topic.ref()));
  }

  @Test
  void putUpdateRemoveReregister_chainRecordsAndPublishSnapshots() {
    var kit = peer();
    PeerDocument first = document("http://127.0.0.1:8081", "partner-b");
    var registered = kit.<Peer.Reply>runCommand(r -> new Peer.Put(first, "admin/root", r));
    assertEquals(201, registered.reply().status());
    assertInstanceOf(Peer.Registered.class, registered.event());
    topic.expectMessage(Topic.publish(registered.reply().snapshot()));
    assertEquals("gateway/beta", registered.reply().snapshot().keyId());

    var unchanged = kit.<Peer.Reply>runCommand(r -> new Peer.Put(first, "admin/root", r));
    assertEquals(200, unchanged.reply().status());
    assertEquals("unchanged", unchanged.reply().detail());
    assertTrue(unchanged.hasNoEvents());

    PeerDocument second = document("http://127.0.0.1:8082", "partner-b", "partner-c");
    var updated = kit.<Peer.Reply>runCommand(r -> new Peer.Put(second, "admin/root", r));
    assertEquals(200, updated.reply().status());
    assertEquals("updated", updated.reply().detail());
    topic.expectMessage(Topic.publish(updated.reply().snapshot()));

    var removed = kit.<Peer.Reply>runCommand(r -> new Peer.Remove("contract ended", "admin/root", r));
    assertTrue(removed.reply().snapshot().removed());
    assertEquals(second, removed.reply().snapshot().document());
    topic.expectMessage(Topic.publish(removed.reply().snapshot()));
    var again = kit.<Peer.Reply>runCommand(r -> new Peer.Remove("again", "admin/root", r));
    assertEquals("already removed", again.reply().detail());
    assertTrue(again.hasNoEvents());

    var back = kit.<Peer.Reply>runCommand(r -> new Peer.Put(second, "admin/root", r));
    assertEquals(201, back.reply().status());
    assertFalse(back.reply().snapshot().removed());

    List<LineageRecord> records = kit.getState().records();
    assertEquals(List.of("peer.registered", "peer.updated", "peer.removed", "peer.registered"),
        records.stream().map(LineageRecord::type).toList());
    assertTrue(LineageChain.verify("peer:beta", records).isEmpty());
    assertEquals(first.digest(), records.get(0).data().get("document").asText());
    assertEquals(2, records.get(1).data().get("domains").asInt());
    assertEquals("contract ended", records.get(2).data().get("reason").asText());
    assertEquals("admin/root", records.get(2).data().get("by").asText());
    assertNull(kit.getState().chainFault());

    kit.restart();
    assertEquals(records, kit.getState().records());
    assertEquals(4, kit.getState().current().seq());
    assertFalse(kit.getState().current().removed());
    assertEquals(records.get(3).hash(), kit.getState().current().head());
  }

  @Test
  void remove_unknownPeer_is404AndStoresNothing() {
    var result = peer().<Peer.Reply>runCommand(r -> new Peer.Remove("x", "admin/root", r));
    assertEquals(404, result.reply().status());
    assertTrue(result.hasNoEvents());
    assertEquals(404, peer().<Peer.Reply>runCommand(Peer.Get::new).reply().status());
  }

  @Test
  void recovery_tamperedRecord_refusesChanges() {
    var kit = peer();
    kit.<Peer.Reply>runCommand(r -> new Peer.Put(document("http://127.0.0.1:8081", "partner-b"), "admin/root", r));
    kit.<Peer.Reply>runCommand(r -> new Peer.Remove("gone", "admin/root", r));
    var events = journal.persistedInStorage("Peer|beta");
    LineageRecord r = ((Peer.Registered) events.get(0)).record();
    var forged = new Peer.Registered(new LineageRecord(r.executionId(), r.seq(), r.type(), r.phase(), r.at(), "evil",
        r.data(), r.prev(), r.hash()), document("http://evil.example", "partner-b"));
    journal.clearByPersistenceId("Peer|beta");
    journal.persistForRecovery("Peer|beta", List.of(forged, events.get(1)));
    kit.restart();
    assertTrue(kit.getState().chainFault().contains("seq 1"), kit.getState().chainFault());
    var refused = kit.<Peer.Reply>runCommand(c -> new Peer.Put(document("http://127.0.0.1:8081", "x"), "admin/root", c));
    assertEquals(500, refused.reply().status());
    assertTrue(refused.hasNoEvents());
  }

  @Test
  void snapshotNext_followsRegistrationsAndRemovals() {
    LineageRecord one = LineageChain.next(null, "peer:beta", "peer.registered", 0, java.time.Instant.now(), "n1",
        io.fxg.serialization.Json.object());
    PeerDocument doc = document("http://127.0.0.1:8081", "partner-b");
    PeerSnapshot registered = PeerSnapshot.next(null, "beta", new Peer.Registered(one, doc));
    LineageRecord two = LineageChain.next(one, "peer:beta", "peer.removed", 0, java.time.Instant.now(), "n1",
        io.fxg.serialization.Json.object());
    PeerSnapshot removed = PeerSnapshot.next(registered, "beta", new Peer.Removed(two, "gone"));
    assertTrue(removed.removed());
    assertEquals(2, removed.seq());
    assertEquals(doc, removed.document());
    assertEquals(two.hash(), removed.head());
  }
}
