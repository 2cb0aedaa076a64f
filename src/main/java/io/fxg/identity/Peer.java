package io.fxg.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One peer gateway (SPEC section 13): a sharded, event-sourced entity whose every change is a
 * lineage record of the chain {@code peer:NAME}, made (time, hash) in the command handler, tagged
 * like the domains' ({@link Lineaged#TAG}, {@link Domain#TRUST_TAG}) so the log and every node's
 * {@link TrustRegistry} follow it. After each journaled change it publishes the new {@link
 * PeerSnapshot}. A removed peer keeps its chain and may be registered again ({@code
 * peer.registered} once more). A chain that does not verify on recovery refuses every change.
 */
public final class Peer extends EventSourcedBehaviorWithEnforcedReplies<Peer.Command, Peer.Event, Peer.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Peer");
  public static final int MAX_REASON = Domain.MAX_REASON;

  public static String chainId(String name) {
    return "peer:" + name;
  }

  public sealed interface Command extends CborSerializable {}

  /** Registers or replaces the document; an identical document changes nothing. {@code by}: the admin keyid. */
  public record Put(PeerDocument document, String by, ActorRef<Reply> replyTo) implements Command {}

  /** Removes the peer: it governs nothing and its {@code gateway/NAME} signatures are refused. */
  public record Remove(String reason, String by, ActorRef<Reply> replyTo) implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  /**
   * @param status 200 or 201 (registered now), 404 when the peer was never registered, 500 when its
   *     chain is broken
   * @param snapshot null unless the peer was registered
   * @param records the peer's lineage chain (answers to {@link Get} only)
   */
  public record Reply(int status, String detail, PeerSnapshot snapshot, List<LineageRecord> records)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable, Lineaged {}

  /** {@code peer.registered} for a first document (or the first after a removal), {@code peer.updated} after. */
  public record Registered(LineageRecord record, PeerDocument document) implements Event {}

  /** {@code peer.removed}. */
  public record Removed(LineageRecord record, String reason) implements Event {}

  /** @param chainFault null while every record links and hashes correctly */
  public record State(PeerSnapshot current, List<LineageRecord> records, String chainFault)
      implements CborSerializable {
    LineageRecord head() {
      return records.isEmpty() ? null : records.get(records.size() - 1);
    }

    boolean active() {
      return current != null && !current.removed();
    }
  }

  private final String name;
  private final Clock clock;
  private final String node;
  private final ActorRef<Topic.Command<TrustUpdate>> updates;
  private final ActorContext<Command> context;

  public static Behavior<Command> create(String name, Clock clock, String node,
      ActorRef<Topic.Command<TrustUpdate>> updates) {
    return Behaviors.setup(context -> new Peer(name, clock, node, updates, context));
  }

  private Peer(String name, Clock clock, String node, ActorRef<Topic.Command<TrustUpdate>> updates,
      ActorContext<Command> context) {
    super(PersistenceId.of(TYPE_KEY.name(), name));
    this.name = name;
    this.clock = clock;
    this.node = node;
    this.updates = updates;
    this.context = context;
  }

  @Override
  public State emptyState() {
    return new State(null, List.of(), null);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(Lineaged.TAG, Domain.TRUST_TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(),
            s.current() == null ? notFound() : new Reply(200, "ok", s.current(), s.records())))
        .onCommand(Put.class, this::onPut)
        .onCommand(Remove.class, this::onRemove)
        .build();
  }

  private ReplyEffect<Event, State> onPut(State state, Put put) {
    if (state.chainFault() != null) {
      return Effect().reply(put.replyTo(), broken(state));
    }
    if (state.active() && state.current().document().equals(put.document())) {
      return Effect().reply(put.replyTo(), new Reply(200, "unchanged", state.current(), null));
    }
    boolean first = !state.active();
    ObjectNode data = Json.object();
    data.put("peer", name);
    data.put("document", put.document().digest());
    data.put("domains", put.document().domains().size());
    data.put("by", put.by());
    Event event = new Registered(record(state, first ? "peer.registered" : "peer.updated", data), put.document());
    return persistAndPublish(event, put.replyTo(), first ? 201 : 200, first ? "registered" : "updated");
  }

  private ReplyEffect<Event, State> onRemove(State state, Remove remove) {
    if (state.current() == null) {
      return Effect().reply(remove.replyTo(), notFound());
    }
    if (state.chainFault() != null) {
      return Effect().reply(remove.replyTo(), broken(state));
    }
    if (state.current().removed()) {
      return Effect().reply(remove.replyTo(), new Reply(200, "already removed", state.current(), null));
    }
    ObjectNode data = Json.object().put("peer", name).put("reason", remove.reason()).put("by", remove.by());
    return persistAndPublish(new Removed(record(state, "peer.removed", data), remove.reason()),
        remove.replyTo(), 200, "removed");
  }

  private ReplyEffect<Event, State> persistAndPublish(Event event, ActorRef<Reply> replyTo, int status, String detail) {
    return Effect().persist(event)
        .thenRun(s -> updates.tell(Topic.publish(s.current())))
        .thenReply(replyTo, s -> new Reply(status, detail, s.current(), null));
  }

  private LineageRecord record(State state, String type, ObjectNode data) {
    return LineageChain.next(state.head(), chainId(name), type, 0, clock.instant(), node, data);
  }

  private static Reply notFound() {
    return new Reply(404, "no such peer", null, null);
  }

  private Reply broken(State state) {
    return new Reply(500, "the lineage chain of peer " + name + " does not verify: " + state.chainFault()
        + "; changes are refused", state.current(), null);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((State state, Event event) -> apply(state, event));
  }

  /** Pure: appends the record, noting (never throwing on) a chain fault so recovery can report it. */
  private State apply(State state, Event event) {
    List<LineageRecord> records = new ArrayList<>(state.records());
    records.add(event.record());
    String fault = state.chainFault() != null
        ? state.chainFault() : ChainLinks.fault(chainId(name), state.head(), event.record());
    return new State(PeerSnapshot.next(state.current(), name, event), List.copyOf(records), fault);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.chainFault() != null) {
            context.getLog().error("peer {}: lineage chain does not verify ({}); changes are refused",
                name, state.chainFault());
          }
        })
        .build();
  }
}
