package io.fxg.identity;

import io.fxg.serialization.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The node-local replicated trust view: reads every trust event from the journal on start (tag
 * {@link Domain#TRUST_TAG}: domains, revocations and {@link Peer}s), then applies what the trust
 * entities publish on the {@link TrustUpdate} topic (immediately, cluster-wide) and what the
 * journal query delivers (the backstop should a publication be lost). Updates apply idempotently
 * by chain seq, so the two paths agree. Writes each new {@link TrustView} to {@link LiveTrust}
 * and tells local subscribers every {@link TrustChange} once.
 */
public final class TrustRegistry extends AbstractBehavior<TrustRegistry.Command> {
  /** The topic every trust entity publishes to and every node's registry subscribes to. */
  public static final String TOPIC = "fxg-trust-updates";
  private static final Duration RELOAD_BACKOFF = Duration.ofSeconds(1);

  public sealed interface Command extends CborSerializable {}

  /** Tells {@code subscriber} every later {@link TrustChange} (node-local; watch ends it). */
  public record Subscribe(ActorRef<TrustChange> subscriber) implements Command {}

  public record Unsubscribe(ActorRef<TrustChange> subscriber) implements Command {}

  /**
   * Applies an update the caller got from a trust entity and replies once this node's view holds
   * it, so an admin call answers only after its change is in force here (other nodes get it from
   * the topic).
   */
  public record Apply(TrustUpdate update, ActorRef<Applied> replyTo) implements Command {}

  /** The update is in this node's view. */
  public enum Applied implements CborSerializable { INSTANCE }

  private record Published(TrustUpdate update) implements Command {}

  private record Journaled(EventEnvelope envelope) implements Command {}

  private record LoadFinished(boolean ok, String error) implements Command {}

  private enum Reload implements Command { INSTANCE }

  /** The journal's trust events from an offset: finite ({@code current}) and live. */
  public record Journal(Function<Offset, Source<EventEnvelope, NotUsed>> current,
      Function<Offset, Source<EventEnvelope, NotUsed>> live) {}

  private final LiveTrust live;
  private final Journal journal;
  private final TimerScheduler<Command> timers;
  private final Map<String, DomainSnapshot> domains = new TreeMap<>();
  private final Map<String, Revocation> revocations = new HashMap<>();
  private final Map<String, PeerSnapshot> peers = new TreeMap<>();
  private final Map<String, String> chainFaults = new HashMap<>();
  private final Map<String, String> peerChainFaults = new HashMap<>();
  private final Set<ActorRef<TrustChange>> subscribers = new HashSet<>();
  private final AtomicReference<Offset> offset = new AtomicReference<>(Offset.noOffset());
  private long revocationSeq;
  private boolean loaded;

  public static Behavior<Command> create(LiveTrust live, ActorRef<Topic.Command<TrustUpdate>> topic, Journal journal) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.subscribe(context.messageAdapter(TrustUpdate.class, Published::new)));
      TrustRegistry registry = new TrustRegistry(context, live, journal, timers);
      registry.load();
      return registry;
    }));
  }

  private TrustRegistry(ActorContext<Command> context, LiveTrust live, Journal journal, TimerScheduler<Command> timers) {
    super(context);
    this.live = live;
    this.journal = journal;
    this.timers = timers;
  }

  private void load() {
    ActorRef<Command> self = getContext().getSelf();
    journal.current().apply(offset.get())
        .runForeach(envelope -> self.tell(new Journaled(envelope)), getContext().getSystem())
        .whenComplete((done, error) -> self.tell(new LoadFinished(error == null, error == null ? null : error.toString())));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, u -> {
          subscribers.remove(u.subscriber());
          return this;
        })
        .onMessage(Published.class, p -> apply(p.update()))
        .onMessage(Apply.class, a -> {
          apply(a.update());
          a.replyTo().tell(Applied.INSTANCE);
          return this;
        })
        .onMessage(Journaled.class, this::onJournaled)
        .onMessage(LoadFinished.class, this::onLoadFinished)
        .onMessage(Reload.class, r -> {
          load();
          return this;
        })
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    if (subscribers.add(subscribe.subscriber())) {
      getContext().watchWith(subscribe.subscriber(), new Unsubscribe(subscribe.subscriber()));
    }
    return this;
  }

  private Behavior<Command> onLoadFinished(LoadFinished finished) {
    if (!finished.ok()) {
      getContext().getLog().warn("trust registry: reading the journal failed ({}); retrying", finished.error());
      timers.startSingleTimer(Reload.INSTANCE, RELOAD_BACKOFF);
      return this;
    }
    loaded = true;
    live.set(TrustView.of(domains, revocations, revocationSeq, peers));
    live.markLoaded();
    getContext().getLog().info("trust registry loaded: {} domains, {} revocations, {} peers", domains.size(),
        revocations.size(), peers.size());
    ActorRef<Command> self = getContext().getSelf();
    RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
    RestartSource.withBackoff(restart, () -> journal.live().apply(offset.get()))
        .runForeach(envelope -> self.tell(new Journaled(envelope)), getContext().getSystem());
    return this;
  }

  private Behavior<Command> onJournaled(Journaled journaled) {
    offset.set(journaled.envelope().offset());
    Object event = journaled.envelope().event();
    if (event instanceof Revocations.Revoked revoked) {
      return apply(revoked.revocation());
    }
    if (event instanceof Domain.Event domainEvent) {
      String chain = domainEvent.record().executionId();
      String name = chain.substring(chain.indexOf(':') + 1);
      DomainSnapshot held = domains.get(name);
      long heldSeq = held == null ? 0 : held.seq();
      if (domainEvent.record().seq() <= heldSeq) {
        return this;
      }
      String fault = ChainLinks.fault(chain, heldSeq, held == null ? null : held.head(), domainEvent.record());
      if (fault != null && !chainFaults.containsKey(name)) {
        getContext().getLog().error("domain {}: journaled chain does not verify ({}); treating it as suspended", name, fault);
        chainFaults.put(name, fault);
      }
      return apply(DomainSnapshot.next(held, name, domainEvent));
    }
    if (event instanceof Peer.Event peerEvent) {
      return onJournaledPeer(peerEvent);
    }
    return this;
  }

  private Behavior<Command> onJournaledPeer(Peer.Event event) {
    String chain = event.record().executionId();
    String name = chain.substring(chain.indexOf(':') + 1);
    PeerSnapshot held = peers.get(name);
    long heldSeq = held == null ? 0 : held.seq();
    if (event.record().seq() <= heldSeq) {
      return this;
    }
    String fault = ChainLinks.fault(chain, heldSeq, held == null ? null : held.head(), event.record());
    if (fault != null && !peerChainFaults.containsKey(name)) {
      getContext().getLog().error("peer {}: journaled chain does not verify ({}); treating it as removed", name, fault);
      peerChainFaults.put(name, fault);
    }
    return apply(PeerSnapshot.next(held, name, event));
  }

  private Behavior<Command> apply(TrustUpdate update) {
    List<TrustChange> changes = new ArrayList<>();
    if (update instanceof Revocation revocation) {
      revocationSeq = Math.max(revocationSeq, revocation.seq());
      if (revocations.putIfAbsent(revocation.subject(), revocation) == null) {
        changes.add(TrustChanges.of(revocation));
      }
    } else if (update instanceof DomainSnapshot snapshot) {
      DomainSnapshot held = domains.get(snapshot.name());
      if (held != null && held.seq() >= snapshot.seq()) {
        return this;
      }
      DomainSnapshot applied = failClosed(snapshot);
      domains.put(applied.name(), applied);
      changes.addAll(TrustChanges.between(held, applied));
    } else if (update instanceof PeerSnapshot snapshot) {
      PeerSnapshot held = peers.get(snapshot.name());
      if (held != null && held.seq() >= snapshot.seq()) {
        return this;
      }
      // A peer whose journaled chain did not verify is held removed, whatever it says.
      peers.put(snapshot.name(), peerChainFaults.containsKey(snapshot.name()) ? new PeerSnapshot(snapshot.name(),
          snapshot.seq(), snapshot.document(), true, snapshot.head(), snapshot.updatedAt()) : snapshot);
    }
    if (loaded) {
      live.set(TrustView.of(domains, revocations, revocationSeq, peers));
      for (TrustChange change : changes) {
        subscribers.forEach(s -> s.tell(change));
      }
    }
    return this;
  }

  /** A domain whose journaled chain did not verify is held suspended, whatever it says. */
  private DomainSnapshot failClosed(DomainSnapshot snapshot) {
    String fault = chainFaults.get(snapshot.name());
    if (fault == null) {
      return snapshot;
    }
    return new DomainSnapshot(snapshot.name(), snapshot.seq(), snapshot.document(), true,
        "lineage chain does not verify: " + fault, snapshot.head(), snapshot.updatedAt());
  }
}
