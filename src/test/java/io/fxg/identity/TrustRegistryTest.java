package io.fxg.identity;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fxg.identity.TrustChange.Kind;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.SubmissionPublisher;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The registry on its own: loads the journal, then applies journal events (the backstop when a
 * publication is lost) and topic publications idempotently, tells subscribers each change once,
 * and holds a domain whose journaled chain does not verify as suspended.
 */
class TrustRegistryTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static LineageRecord next(LineageRecord previous, String type) {
    return LineageChain.next(previous, "domain:acme", type, 0, Instant.now(), "n1", Json.object().put("domain", "acme"));
  }

  static EventEnvelope envelope(long offset, Object event) {
    return new EventEnvelope(Offset.sequence(offset), "p", offset, event, 0L);
  }

  @Test
  void journalAndTopic_applyOnceEachAndNotifySubscribers() {
    LineageRecord registered = next(null, "domain.registered");
    var revoked = new Revocations.Revoked(LineageChain.next(null, Revocations.CHAIN_ID, "revocation.recorded", 0,
        Instant.now(), "n1", Json.object()), Revocation.KEY, "acme/agent-7", "stolen");
    SubmissionPublisher<EventEnvelope> live = new SubmissionPublisher<>();
    ActorRef<Topic.Command<TrustUpdate>> topic = testKit.spawn(Topic.create(TrustUpdate.class, TrustRegistry.TOPIC));
    LiveTrust trust = new LiveTrust();
    ActorRef<TrustRegistry.Command> registry = testKit.spawn(TrustRegistry.create(trust, topic, new TrustRegistry.Journal(
        offset -> Source.from(List.of(envelope(1, new Domain.Registered(registered, DomainTest.document("Acme"))),
            envelope(2, revoked))),
        offset -> JavaFlowSupport.Source.fromPublisher(live))));
    await().atMost(Duration.ofSeconds(5)).until(trust::loaded);
    assertTrue(trust.get().key("acme/agent-7").isPresent());
    assertTrue(trust.get().isKeyRevoked("acme/agent-7"));
    assertEquals(2, trust.get().sequence());

    TestProbe<TrustChange> changes = testKit.createTestProbe();
    registry.tell(new TrustRegistry.Subscribe(changes.ref()));
    await().atMost(Duration.ofSeconds(5)).until(() -> live.getNumberOfSubscribers() > 0);
    LineageRecord suspended = next(registered, "domain.suspended");
    live.submit(envelope(3, new Domain.Suspended(suspended, "audit")));
    assertEquals(Kind.DOMAIN_SUSPENDED, changes.receiveMessage().kind());
    assertTrue(trust.get().isSuspended("acme"));

    DomainSnapshot same = trust.get().domain("acme").orElseThrow();
    topic.tell(Topic.publish(same));
    var revocation = new Revocation(Revocation.ARTIFACT, "01jti", "leaked", "t", 2);
    topic.tell(Topic.publish(revocation));
    assertEquals(new TrustChange(Kind.ARTIFACT_REVOKED, "01jti", "artifact 01jti revoked: leaked"), changes.receiveMessage());
    live.submit(envelope(4, new Revocations.Revoked(revoked.record(), Revocation.ARTIFACT, "01jti", "leaked")));
    changes.expectNoMessage(Duration.ofMillis(200));

    LineageRecord resumed = next(suspended, "domain.resumed");
    LineageRecord forged = new LineageRecord(resumed.executionId(), resumed.seq(), resumed.type(), resumed.phase(),
        resumed.at(), "evil", resumed.data(), resumed.prev(), resumed.hash());
    live.submit(envelope(5, new Domain.Resumed(forged, "forged")));
    await().atMost(Duration.ofSeconds(5)).until(() -> trust.get().domain("acme").orElseThrow().seq() == 3);
    assertTrue(trust.get().isSuspended("acme"), "a domain whose chain does not verify stays suspended");
    assertTrue(trust.get().domain("acme").orElseThrow().suspendReason().contains("does not verify"));
    live.close();
  }

  @Test
  void journaledPeerEvents_applyInOrderAndABrokenChainHoldsThePeerRemoved() {
    PeerDocument doc = PeerTest.document("http://127.0.0.1:8081", "partner-b");
    LineageRecord registered = LineageChain.next(null, "peer:beta", "peer.registered", 0, Instant.now(), "n1", Json.object());
    SubmissionPublisher<EventEnvelope> live = new SubmissionPublisher<>();
    ActorRef<Topic.Command<TrustUpdate>> topic = testKit.spawn(Topic.create(TrustUpdate.class, TrustRegistry.TOPIC));
    LiveTrust trust = new LiveTrust();
    testKit.spawn(TrustRegistry.create(trust, topic, new TrustRegistry.Journal(
        offset -> Source.from(List.of(envelope(1, new Peer.Registered(registered, doc)))),
        offset -> JavaFlowSupport.Source.fromPublisher(live))));
    await().atMost(Duration.ofSeconds(5)).until(trust::loaded);
    assertEquals(doc, trust.get().peer("beta").orElseThrow().document());
    assertEquals("beta", trust.get().peerGoverning("partner-b").orElseThrow().name());
    assertEquals(1, trust.get().sequence());

    await().atMost(Duration.ofSeconds(5)).until(() -> live.getNumberOfSubscribers() > 0);
    LineageRecord updated = LineageChain.next(registered, "peer:beta", "peer.updated", 0, Instant.now(), "n1", Json.object());
    LineageRecord forged = new LineageRecord(updated.executionId(), updated.seq(), updated.type(), updated.phase(),
        updated.at(), "evil", updated.data(), updated.prev(), updated.hash());
    live.submit(envelope(2, new Peer.Registered(forged, PeerTest.document("http://evil.example", "partner-b"))));
    await().atMost(Duration.ofSeconds(5)).until(() -> trust.get().peer("beta").orElseThrow().seq() == 2);
    assertTrue(trust.get().peer("beta").orElseThrow().removed(), "a peer whose chain does not verify is held removed");
    assertTrue(trust.get().peerGoverning("partner-b").isEmpty());
    live.close();
  }
}
