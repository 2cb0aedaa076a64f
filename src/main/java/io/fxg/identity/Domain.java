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
 * One federated trust domain (SPEC section 5): a sharded, event-sourced entity whose every change
 * is a lineage record of the chain {@code domain:NAME}, made (time, hash) in the command handler.
 * After each journaled change it publishes the new {@link DomainSnapshot} so every node's {@link
 * TrustRegistry} applies it at once. A chain that does not verify on recovery refuses every change.
 */
public final class Domain extends EventSourcedBehaviorWithEnforcedReplies<Domain.Command, Domain.Event, Domain.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Domain");
  /** Second tag of every trust event, so the registry follows only these. */
  public static final String TRUST_TAG = "trust";
  public static final int MAX_REASON = 512;

  public static String chainId(String name) {
    return "domain:" + name;
  }

  public sealed interface Command extends CborSerializable {}

  /** Registers or replaces the document; an identical document changes nothing. {@code by}: the admin keyid. */
  public record Put(DomainDocument document, String by, ActorRef<Reply> replyTo) implements Command {}

  public record Suspend(String reason, String by, ActorRef<Reply> replyTo) implements Command {}

  public record Resume(String reason, String by, ActorRef<Reply> replyTo) implements Command {}

  public record Get(ActorRef<Reply> replyTo) implements Command {}

  /**
   * @param status 200 or 201 (registered now), 404 when the domain does not exist, 500 when its
   *     chain is broken
   * @param snapshot null unless the domain exists
   * @param records the domain's lineage chain (answers to {@link Get} only)
   */
  public record Reply(int status, String detail, DomainSnapshot snapshot, List<LineageRecord> records)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable, Lineaged {}

  /** {@code domain.registered} for the first document, {@code domain.updated} after. */
  public record Registered(LineageRecord record, DomainDocument document) implements Event {}

  public record Suspended(LineageRecord record, String reason) implements Event {}

  public record Resumed(LineageRecord record, String reason) implements Event {}

  /** @param chainFault null while every record links and hashes correctly */
  public record State(DomainSnapshot current, List<LineageRecord> records, String chainFault)
      implements CborSerializable {
    LineageRecord head() {
      return records.isEmpty() ? null : records.get(records.size() - 1);
    }
  }

  private final String name;
  private final Clock clock;
  private final String node;
  private final ActorRef<Topic.Command<TrustUpdate>> updates;
  private final ActorContext<Command> context;

  public static Behavior<Command> create(String name, Clock clock, String node,
      ActorRef<Topic.Command<TrustUpdate>> updates) {
    return Behaviors.setup(context -> new Domain(name, clock, node, updates, context));
  }

  private Domain(String name, Clock clock, String node, ActorRef<Topic.Command<TrustUpdate>> updates,
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
    return Set.of(Lineaged.TAG, TRUST_TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(),
            s.current() == null ? notFound() : new Reply(200, "ok", s.current(), s.records())))
        .onCommand(Put.class, this::onPut)
        .onCommand(Suspend.class, this::onSuspend)
        .onCommand(Resume.class, this::onResume)
        .build();
  }

  private ReplyEffect<Event, State> onPut(State state, Put put) {
    if (state.chainFault() != null) {
      return Effect().reply(put.replyTo(), broken(state));
    }
    if (state.current() != null && state.current().document().equals(put.document())) {
      return Effect().reply(put.replyTo(), new Reply(200, "unchanged", state.current(), null));
    }
    boolean first = state.current() == null;
    ObjectNode data = Json.object();
    data.put("domain", name);
    data.put("document", put.document().digest(name));
    data.put("principals", put.document().principals().size());
    data.put("environments", put.document().environments().size());
    data.put("by", put.by());
    Event event = new Registered(record(state, first ? "domain.registered" : "domain.updated", data), put.document());
    return persistAndPublish(event, put.replyTo(), first ? 201 : 200, first ? "registered" : "updated");
  }

  private ReplyEffect<Event, State> onSuspend(State state, Suspend suspend) {
    if (state.current() == null) {
      return Effect().reply(suspend.replyTo(), notFound());
    }
    if (state.chainFault() != null) {
      return Effect().reply(suspend.replyTo(), broken(state));
    }
    if (state.current().suspended()) {
      return Effect().reply(suspend.replyTo(), new Reply(200, "already suspended", state.current(), null));
    }
    ObjectNode data = Json.object().put("domain", name).put("reason", suspend.reason()).put("by", suspend.by());
    return persistAndPublish(new Suspended(record(state, "domain.suspended", data), suspend.reason()),
        suspend.replyTo(), 200, "suspended");
  }

  private ReplyEffect<Event, State> onResume(State state, Resume resume) {
    if (state.current() == null) {
      return Effect().reply(resume.replyTo(), notFound());
    }
    if (state.chainFault() != null) {
      return Effect().reply(resume.replyTo(), broken(state));
    }
    if (!state.current().suspended()) {
      return Effect().reply(resume.replyTo(), new Reply(200, "not suspended", state.current(), null));
    }
    ObjectNode data = Json.object().put("domain", name).put("reason", resume.reason()).put("by", resume.by());
    return persistAndPublish(new Resumed(record(state, "domain.resumed", data), resume.reason()),
        resume.replyTo(), 200, "resumed");
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
    return new Reply(404, "no such domain", null, null);
  }

  private Reply broken(State state) {
    return new Reply(500, "the lineage chain of domain " + name + " does not verify: " + state.chainFault()
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
    return new State(DomainSnapshot.next(state.current(), name, event), List.copyOf(records), fault);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.chainFault() != null) {
            context.getLog().error("domain {}: lineage chain does not verify ({}); changes are refused",
                name, state.chainFault());
          }
        })
        .build();
  }
}
