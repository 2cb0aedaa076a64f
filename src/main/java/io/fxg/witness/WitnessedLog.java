package io.fxg.witness;

import io.fxg.crypto.Digests;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.ConsistencyProof;
import io.fxg.proof.CosignatureSigner;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.ProofVerificationException;
import io.fxg.serialization.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this gateway, as a witness, has seen of one peer log (one origin): the largest consistent
 * (size, root) it cosigned. One entity per origin, cluster-wide and journaled, so the witness can
 * never cosign two inconsistent checkpoints of a log, whatever node asks and whatever restarted.
 *
 * <p>The command handler verifies the checkpoint's signature against the peer's pinned log key,
 * that it does not go back, and the RFC 9162 consistency proof from the witnessed tree head; it
 * persists the new tree head <em>before</em> it replies with the cosignature line. A checkpoint of
 * the witnessed size with another root, or one whose consistency proof fails, is a split view: it
 * is refused, the alarm is journaled with both tree heads, and every later checkpoint is refused
 * until {@link ClearAlarm}.
 */
public final class WitnessedLog
    extends EventSourcedBehaviorWithEnforcedReplies<WitnessedLog.Command, WitnessedLog.Event, WitnessedLog.State> {
  private static final Logger LOG = LoggerFactory.getLogger(WitnessedLog.class);

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "WitnessedLog");
  /** Most characters of a checkpoint note handed to the witness. */
  public static final int MAX_CHECKPOINT_CHARS = 16 * 1024;

  public sealed interface Command extends CborSerializable {}

  /**
   * Cosign {@code checkpoint} (a signed note) of {@code peer}'s log, given a consistency proof
   * from {@code oldSize}, the size the asker read from {@link GetState}.
   *
   * @param logKey the peer's pinned log verifier key
   * @param proof standard base64 hashes, as {@code /v1/log/proof/consistency} serves them
   */
  public record Cosign(String peer, String logKey, String checkpoint, long oldSize, List<String> proof,
      ActorRef<Reply> replyTo) implements Command {}

  public record GetState(ActorRef<StateReply> replyTo) implements Command {}

  /** An admin's word that a split view was resolved; witnessing resumes from the last cosigned head. */
  public record ClearAlarm(String reason, ActorRef<StateReply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  /** The cosignature line (no trailing newline) over the checkpoint of {@code size}. */
  public record Cosigned(long size, String line) implements Reply {}

  /** The witnessed size is not the one the proof starts from: ask again from {@code witnessedSize}. */
  public record Conflict(long witnessedSize) implements Reply {}

  /** Not cosigned, and no alarm: a bad signature, a stale checkpoint, a malformed request. */
  public record Refused(String problem) implements Reply {}

  /** Not cosigned: the log showed this witness a split view (or is already alarmed). */
  public record SplitView(Alarm alarm) implements Reply {}

  /** What the witness holds: the last cosigned head (size -1 before the first) and any alarm. */
  public record StateReply(String origin, long size, String root, Alarm alarm) implements CborSerializable {}

  /** A split view: the witnessed head and the one that contradicts it. */
  public record Alarm(String peer, long witnessedSize, String witnessedRoot, long claimedSize, String claimedRoot,
      String detail, String at) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record Advanced(String origin, long size, String root, long cosignedAt, String line) implements Event {}

  public record SplitViewDetected(String origin, Alarm alarm) implements Event {}

  public record AlarmCleared(String reason, String at) implements Event {}

  public sealed interface State extends CborSerializable {}

  /** Nothing cosigned yet. */
  public enum Unseen implements State { INSTANCE }

  public record Tracking(String origin, long size, String root) implements State {}

  public record Alarmed(String origin, long size, String root, Alarm alarm) implements State {}

  /** The entity id of a log origin: a digest, so the origin's characters never reach persistence ids. */
  public static String entityId(String origin) {
    return Digests.sha256Hex(origin.getBytes(StandardCharsets.UTF_8));
  }

  public static void init(ActorSystem<?> system, CosignatureSigner signer, Clock clock) {
    ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), signer, clock)));
  }

  public static Behavior<Command> create(String entityId, CosignatureSigner signer, Clock clock) {
    return new WitnessedLog(entityId, signer, clock);
  }

  private final String entityId;
  private final CosignatureSigner signer;
  private final Clock clock;

  private WitnessedLog(String entityId, CosignatureSigner signer, Clock clock) {
    super(PersistenceId.of(TYPE_KEY.name(), entityId));
    this.entityId = entityId;
    this.signer = signer;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return Unseen.INSTANCE;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Unseen.class)
        .onCommand(Cosign.class, (state, cosign) -> onCosign(-1, null, cosign))
        .onCommand(ClearAlarm.class, (state, clear) -> Effect().reply(clear.replyTo(), reply(state)));
    builder.forStateType(Tracking.class)
        .onCommand(Cosign.class, (state, cosign) -> onCosign(state.size(), state.root(), cosign))
        .onCommand(ClearAlarm.class, (state, clear) -> Effect().reply(clear.replyTo(), reply(state)));
    builder.forStateType(Alarmed.class)
        .onCommand(Cosign.class, (state, cosign) -> Effect().reply(cosign.replyTo(), new SplitView(state.alarm())))
        .onCommand(ClearAlarm.class, (state, clear) -> Effect()
            .persist(new AlarmCleared(clear.reason(), clock.instant().toString()))
            .thenReply(clear.replyTo(), WitnessedLog::reply));
    builder.forAnyState().onCommand(GetState.class, (state, get) -> Effect().reply(get.replyTo(), reply(state)));
    return builder.build();
  }

  private ReplyEffect<Event, State> onCosign(long witnessedSize, String witnessedRoot, Cosign cosign) {
    Checkpoint checkpoint;
    try {
      if (cosign.checkpoint() == null || cosign.checkpoint().length() > MAX_CHECKPOINT_CHARS) {
        return refuse(cosign, "checkpoint missing or longer than " + MAX_CHECKPOINT_CHARS + " characters");
      }
      checkpoint = Checkpoint.open(cosign.checkpoint(), NoteVerifier.parse(cosign.logKey()));
    } catch (ProofVerificationException e) {
      return refuse(cosign, e.getMessage());
    }
    if (!entityId(checkpoint.origin()).equals(entityId)) {
      return refuse(cosign, "checkpoint of origin " + checkpoint.origin() + " sent to another log's witness");
    }
    long known = Math.max(witnessedSize, 0);
    if (cosign.oldSize() != known) {
      return Effect().reply(cosign.replyTo(), new Conflict(known));
    }
    String root = ConsistencyProof.base64(checkpoint.root());
    if (checkpoint.size() < known) {
      return refuse(cosign, "checkpoint size " + checkpoint.size() + " is below the witnessed size " + known);
    }
    if (witnessedRoot != null && checkpoint.size() == known && !root.equals(witnessedRoot)) {
      return splitView(cosign, checkpoint, known, witnessedRoot, "same size, different root");
    }
    if (witnessedRoot != null) {
      try {
        ConsistencyProof.verify(known, checkpoint.size(), Base64.getDecoder().decode(witnessedRoot),
            checkpoint.root(), cosign.proof());
      } catch (ProofVerificationException e) {
        return splitView(cosign, checkpoint, known, witnessedRoot, e.getMessage());
      }
    } else if (!cosign.proof().isEmpty()) {
      return refuse(cosign, "the first checkpoint witnessed needs an empty consistency proof");
    }
    long now = clock.instant().getEpochSecond();
    String line = signer.cosign(checkpoint.text(), now);
    return Effect().persist(new Advanced(checkpoint.origin(), checkpoint.size(), root, now, line))
        .thenReply(cosign.replyTo(), state -> new Cosigned(checkpoint.size(), line));
  }

  private ReplyEffect<Event, State> refuse(Cosign cosign, String problem) {
    return Effect().reply(cosign.replyTo(), new Refused(problem));
  }

  private ReplyEffect<Event, State> splitView(Cosign cosign, Checkpoint checkpoint, long witnessedSize,
      String witnessedRoot, String detail) {
    Alarm alarm = new Alarm(cosign.peer(), witnessedSize, witnessedRoot, checkpoint.size(),
        ConsistencyProof.base64(checkpoint.root()), detail, clock.instant().toString());
    LOG.error("split view of peer {} log {}: witnessed size {} root {}, then size {} root {} ({}); "
            + "this witness cosigns nothing more of it until an admin clears the alarm", cosign.peer(),
        checkpoint.origin(), witnessedSize, witnessedRoot, alarm.claimedSize(), alarm.claimedRoot(), detail);
    return Effect().persist(new SplitViewDetected(checkpoint.origin(), alarm))
        .thenReply(cosign.replyTo(), state -> new SplitView(alarm));
  }

  private static StateReply reply(State state) {
    if (state instanceof Tracking t) {
      return new StateReply(t.origin(), t.size(), t.root(), null);
    }
    if (state instanceof Alarmed a) {
      return new StateReply(a.origin(), a.size(), a.root(), a.alarm());
    }
    return new StateReply(null, -1, null, null);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forAnyState()
        .onEvent(Advanced.class, (state, e) -> new Tracking(e.origin(), e.size(), e.root()))
        .onEvent(SplitViewDetected.class, (state, e) -> state instanceof Tracking t
            ? new Alarmed(t.origin(), t.size(), t.root(), e.alarm())
            : new Alarmed(e.origin(), -1, null, e.alarm()))
        .onEvent(AlarmCleared.class, (state, e) -> state instanceof Alarmed a && a.root() != null
            ? new Tracking(a.origin(), a.size(), a.root())
            : Unseen.INSTANCE);
    return builder.build();
  }
}
