package io.fxg.execution;

import io.fxg.crypto.Digests;
import io.fxg.serialization.CborSerializable;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;

/**
 * Maps one caller's {@code Idempotency-Key} to the execution it created, cluster-wide and durably,
 * so a retry (to any node, after any crash) returns the same execution and never a second one.
 */
public final class IdempotencyKey
    extends EventSourcedBehaviorWithEnforcedReplies<IdempotencyKey.Command, IdempotencyKey.Claimed, IdempotencyKey.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "IdempotencyKey");
  /** Keys longer than this are refused (RFC-draft idempotency keys are short opaque strings). */
  public static final int MAX_KEY_LENGTH = 255;

  public sealed interface Command extends CborSerializable {}

  /** Claims the key for {@code proposedExecutionId}; the reply names the winner. */
  public record Claim(String proposedExecutionId, ActorRef<Claimed> replyTo) implements Command {}

  public record Claimed(String executionId) implements CborSerializable {}

  public record State(String executionId) implements CborSerializable {}

  /** The entity id for a caller and key: a digest, so neither leaks into persistence ids. */
  public static String entityId(String callerKeyId, String key) {
    return Digests.sha256Hex((callerKeyId + "\n" + key).getBytes(StandardCharsets.UTF_8));
  }

  public static Behavior<Command> create(String entityId) {
    return new IdempotencyKey(entityId);
  }

  private IdempotencyKey(String entityId) {
    super(PersistenceId.of(TYPE_KEY.name(), entityId));
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandlerWithReply<Command, Claimed, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Claim.class, (state, claim) -> state.executionId() != null
            ? Effect().reply(claim.replyTo(), new Claimed(state.executionId()))
            : Effect().persist(new Claimed(claim.proposedExecutionId()))
                .thenReply(claim.replyTo(), s -> new Claimed(s.executionId())))
        .build();
  }

  @Override
  public EventHandler<State, Claimed> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Claimed.class, (s, e) -> new State(e.executionId())).build();
  }
}
