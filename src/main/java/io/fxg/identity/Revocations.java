package io.fxg.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.time.Clock;
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
 * The cluster's revocations (keys, environments, artifacts): one sharded, event-sourced entity
 * ({@link #ENTITY_ID}) so there is a single writer, each revocation a lineage record of the chain
 * {@value #CHAIN_ID}. The set itself lives in every node's {@link TrustRegistry}; this entity keeps
 * only the chain head and count, so replay stays linear however many revocations there are.
 */
public final class Revocations
    extends EventSourcedBehaviorWithEnforcedReplies<Revocations.Command, Revocations.Revoked, Revocations.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Revocations");
  public static final String ENTITY_ID = "all";
  public static final String CHAIN_ID = "revocations";
  /** Revocations beyond this many are refused: the registry holds them all on every node. */
  public static final int MAX_REVOCATIONS = 100_000;

  public sealed interface Command extends CborSerializable {}

  public record Revoke(String kind, String id, String reason, String by, ActorRef<Reply> replyTo) implements Command {}

  /** @param revocation null when refused (status 507 full, 500 broken chain) */
  public record Reply(int status, String detail, Revocation revocation) implements CborSerializable {}

  /** {@code revocation.recorded}. */
  public record Revoked(LineageRecord record, String kind, String id, String reason)
      implements CborSerializable, Lineaged {
    public Revocation revocation() {
      return new Revocation(kind, id, reason, record.at(), record.seq());
    }
  }

  public record State(LineageRecord head, long count, String chainFault) implements CborSerializable {}

  private final Clock clock;
  private final String node;
  private final ActorRef<Topic.Command<TrustUpdate>> updates;
  private final ActorContext<Command> context;

  public static Behavior<Command> create(Clock clock, String node, ActorRef<Topic.Command<TrustUpdate>> updates) {
    return Behaviors.setup(context -> new Revocations(clock, node, updates, context));
  }

  private Revocations(Clock clock, String node, ActorRef<Topic.Command<TrustUpdate>> updates,
      ActorContext<Command> context) {
    super(PersistenceId.of(TYPE_KEY.name(), ENTITY_ID));
    this.clock = clock;
    this.node = node;
    this.updates = updates;
    this.context = context;
  }

  @Override
  public State emptyState() {
    return new State(null, 0, null);
  }

  @Override
  public Set<String> tagsFor(Revoked event) {
    return Set.of(Lineaged.TAG, Domain.TRUST_TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Revoked, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Revoke.class, this::onRevoke)
        .build();
  }

  private ReplyEffect<Revoked, State> onRevoke(State state, Revoke revoke) {
    if (state.chainFault() != null) {
      return Effect().reply(revoke.replyTo(), new Reply(500,
          "the revocations chain does not verify: " + state.chainFault() + "; revocations are refused", null));
    }
    if (state.count() >= MAX_REVOCATIONS) {
      return Effect().reply(revoke.replyTo(), new Reply(507, "more than " + MAX_REVOCATIONS + " revocations", null));
    }
    ObjectNode data = Json.object();
    data.put("kind", revoke.kind());
    data.put("id", revoke.id());
    data.put("reason", revoke.reason());
    data.put("by", revoke.by());
    LineageRecord record = LineageChain.next(state.head(), CHAIN_ID, "revocation.recorded", 0, clock.instant(), node, data);
    Revoked event = new Revoked(record, revoke.kind(), revoke.id(), revoke.reason());
    return Effect().persist(event)
        .thenRun(s -> updates.tell(Topic.publish(event.revocation())))
        .thenReply(revoke.replyTo(), s -> new Reply(201, "revoked", event.revocation()));
  }

  @Override
  public EventHandler<State, Revoked> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> new State(event.record(),
        state.count() + 1,
        state.chainFault() != null ? state.chainFault() : ChainLinks.fault(CHAIN_ID, state.head(), event.record())));
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.chainFault() != null) {
            context.getLog().error("revocations: lineage chain does not verify ({}); revocations are refused",
                state.chainFault());
          }
        })
        .build();
  }
}
