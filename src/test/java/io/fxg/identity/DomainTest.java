package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Domain and Revocations entities: events, chained lineage, publication, replay. */
class DomainTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\npekko.persistence.journal.plugin = \""
          + PersistenceTestKitPlugin.PluginId() + "\""))
      .withFallback(ConfigFactory.load()));
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

  static DomainDocument document(String displayName) {
    var env = new DomainDocument.Environment("billing-prod", "http://127.0.0.1:9100",
        Encoding.b64url(Jwk.generate(null).publicKey().raw()), Map.of("image", "sha256:" + "ab".repeat(32)), 30);
    var principal = new DomainDocument.Principal("agent-7", Encoding.b64url(Jwk.generate(null).publicKey().raw()), List.of("invoker"));
    return new DomainDocument(displayName, List.of(principal), List.of(env));
  }

  EventSourcedBehaviorTestKit<Domain.Command, Domain.Event, Domain.State> domain() {
    return EventSourcedBehaviorTestKit.create(testKit.system(), Domain.create("acme", Clock.systemUTC(), "n1", topic.ref()));
  }

  @Test
  void put_suspend_resume_chainsRecordsAndPublishesSnapshots() {
    var kit = domain();
    var doc = document("Acme");
    var put = kit.<Domain.Reply>runCommand(r -> new Domain.Put(doc, "admin/root", r));
    assertEquals(201, put.reply().status());
    assertInstanceOf(Domain.Registered.class, put.event());
    topic.expectMessage(Topic.publish(put.reply().snapshot()));
    assertEquals(200, kit.<Domain.Reply>runCommand(r -> new Domain.Put(doc, "admin/root", r)).reply().status());
    assertTrue(kit.<Domain.Reply>runCommand(r -> new Domain.Put(doc, "admin/root", r)).hasNoEvents());
    var suspended = kit.<Domain.Reply>runCommand(r -> new Domain.Suspend("audit", "admin/root", r));
    assertTrue(suspended.reply().snapshot().suspended());
    assertTrue(kit.<Domain.Reply>runCommand(r -> new Domain.Suspend("again", "admin/root", r)).hasNoEvents());
    kit.<Domain.Reply>runCommand(r -> new Domain.Resume("done", "admin/root", r));

    List<LineageRecord> records = kit.getState().records();
    assertEquals(List.of("domain.registered", "domain.suspended", "domain.resumed"),
        records.stream().map(LineageRecord::type).toList());
    assertTrue(LineageChain.verify("domain:acme", records).isEmpty());
    assertEquals(doc.digest("acme"), records.get(0).data().get("document").asText());
    assertEquals(3, kit.getState().current().seq());
    assertNull(kit.getState().chainFault());

    kit.restart();
    assertEquals(records, kit.getState().records());
    assertEquals(false, kit.getState().current().suspended());
  }

  @Test
  void suspend_unknownDomain_is404AndStoresNothing() {
    var result = domain().<Domain.Reply>runCommand(r -> new Domain.Suspend("x", "admin/root", r));
    assertEquals(404, result.reply().status());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void recovery_tamperedRecord_refusesChanges() {
    var kit = domain();
    kit.<Domain.Reply>runCommand(r -> new Domain.Put(document("Acme"), "admin/root", r));
    kit.<Domain.Reply>runCommand(r -> new Domain.Suspend("audit", "admin/root", r));
    var events = journal.persistedInStorage("Domain|acme");
    var first = (Domain.Registered) events.get(0);
    LineageRecord r = first.record();
    var forged = new Domain.Registered(new LineageRecord(r.executionId(), r.seq(), r.type(), r.phase(), r.at(), "evil",
        r.data(), r.prev(), r.hash()), document("Forged"));
    journal.clearByPersistenceId("Domain|acme");
    journal.persistForRecovery("Domain|acme", List.of(forged, events.get(1)));
    kit.restart();
    assertTrue(kit.getState().chainFault().contains("seq 1"), kit.getState().chainFault());
    var refused = kit.<Domain.Reply>runCommand(c -> new Domain.Resume("x", "admin/root", c));
    assertEquals(500, refused.reply().status());
    assertTrue(refused.hasNoEvents());
  }

  @Test
  void revoke_chainsRecordsAndPublishesRevocation() {
    var kit = EventSourcedBehaviorTestKit.<Revocations.Command, Revocations.Revoked, Revocations.State>create(
        testKit.system(), Revocations.create(Clock.systemUTC(), "n1", topic.ref()));
    var one = kit.<Revocations.Reply>runCommand(r -> new Revocations.Revoke("key", "acme/agent-7", "stolen", "admin/root", r));
    var two = kit.<Revocations.Reply>runCommand(r -> new Revocations.Revoke("artifact", "01abc", "leaked", "admin/root", r));
    assertEquals(201, one.reply().status());
    assertEquals(2, two.reply().revocation().seq());
    assertTrue(LineageChain.verify(Revocations.CHAIN_ID, List.of(one.event().record(), two.event().record())).isEmpty());
    topic.expectMessage(Topic.publish(one.reply().revocation()));
    kit.restart();
    assertEquals(2, kit.getState().count());
    assertEquals(two.event().record(), kit.getState().head());
  }
}
