package io.fxg.proof;

import com.typesafe.config.Config;
import io.fxg.lineage.Lineaged;
import io.fxg.proof.ProofBundle.Inclusion;
import io.fxg.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The cluster's one transparency log writer, run as a cluster singleton (SPEC section 10). It
 * follows every lineage record in journal order (the {@code lineage} tag, offset = the journal's
 * global {@code ordering}), appends each record's JCS bytes as a leaf in batches, durably in
 * {@link LogStore} together with the full hash tiles they complete, and publishes a signed C2SP checkpoint
 * at most half of {@code fxg.log.checkpoint-interval} after the log grew.
 *
 * <p>Memory is bounded: the {@link TiledMerkleTree} keeps only its right edge and a few recent
 * tiles, and reads older full tiles back from the store for proofs and tile requests.
 *
 * <p>Invariants: leaf i is always the same record, and every lineage record of the journal is in
 * exactly one leaf. On start (and on hand-over to another node) the tree's right edge is rebuilt
 * from the leaves and tiles tables and the journal is followed from the highest stored ordering; a
 * re-delivered ordering is skipped, so there are no duplicates. A record whose transaction
 * committed after the journal stream gave up on its ordering is found by reconciliation every
 * {@code fxg.log.reconcile-interval} ({@link LateRecords}, {@link ReconcileWindow}) and appended
 * at the end with a WARN: leaves are in journal order except for such late records, and the
 * audit takes each leaf's stored ordering as authoritative. Each new checkpoint is verified
 * consistent with the previously published one (RFC 9162 consistency proof) before it is signed;
 * a failure, or stored leaves that do not hash to the stored checkpoint, raises an alarm that stops
 * publication for good (never a silent fork); that half, with telling executions of their covered
 * terminal records, is {@link CheckpointPublisher}. Proofs and hash tiles are answered from the tree at
 * the published size only. Runs on the blocking dispatcher: its appends are JDBC writes.
 */
public final class TransparencyLog extends AbstractBehavior<TransparencyLog.Command> {
  /** Most leaves appended in one transaction. */
  public static final int MAX_BATCH = 1000;
  private static final Duration BATCH_WINDOW = Duration.ofMillis(20);
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The log's configuration: {@code fxg.log.origin}, {@code checkpoint-interval},
   * {@code reconcile-interval} and {@code reconcile-horizon}.
   */
  public record Settings(String origin, Duration checkpointInterval, Duration reconcileInterval,
      Duration reconcileHorizon) {
    /** Reconciliation every 30 s over the last 2 minutes of the journal. */
    public Settings(String origin, Duration checkpointInterval) {
      this(origin, checkpointInterval, Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    public static Settings from(Config config) {
      return new Settings(config.getString("fxg.log.origin"), config.getDuration("fxg.log.checkpoint-interval"),
          config.getDuration("fxg.log.reconcile-interval"), config.getDuration("fxg.log.reconcile-horizon"));
    }
  }

  /**
   * Told about each terminal record once a published checkpoint covers it and every earlier record
   * of its chain.
   */
  @FunctionalInterface
  public interface Coverage {
    void covered(String executionId, long logIndex, long treeSize, String checkpointDigest);
  }

  // ---- protocol ----

  public sealed interface Command extends CborSerializable {}

  public record GetCheckpoint(ActorRef<Published> replyTo) implements Command {}

  public record GetHashTile(int level, long index, int width, ActorRef<Tile> replyTo) implements Command {}

  public record ProveInclusion(long index, long size, ActorRef<Proof> replyTo) implements Command {}

  public record ProveConsistency(long from, long to, ActorRef<Proof> replyTo) implements Command {}

  /** Inclusion proofs at the published size for leaf indexes in rising order (one record chain). */
  public record ProveRecords(List<Long> indexes, ActorRef<RecordProofs> replyTo) implements Command {}

  /**
   * Inclusion proofs at an earlier published checkpoint ({@code size}, its signed {@code note}, as
   * stored): what a witness quorum picked. Nothing is proved when {@code size} is beyond the
   * published size.
   */
  public record ProveRecordsAt(List<Long> indexes, long size, String note, ActorRef<RecordProofs> replyTo)
      implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** @param note the latest signed checkpoint, null before the first */
  public record Published(long size, String note) implements CborSerializable {}

  /** @param bytes the hash tile, null when the published tree does not cover it */
  public record Tile(byte[] bytes) implements CborSerializable {}

  /** A proof path (base64, as RFC 9162 orders it), or the refused parameter and why. */
  public record Proof(List<String> path, String refusedParameter, String refusal) implements CborSerializable {
    static Proof of(List<byte[]> hashes) {
      return new Proof(hashes.stream().map(Base64.getEncoder()::encodeToString).toList(), null, null);
    }

    static Proof refused(String parameter, String why) {
      return new Proof(null, parameter, why);
    }
  }

  /** Proofs for the leading requested indexes that the checkpoint {@code note} covers. */
  public record RecordProofs(long size, String note, List<Inclusion> inclusion) implements CborSerializable {}

  /**
   * @param alarm why publication stopped, or null while the log is consistent
   * @param lateRecords late records this log writer appended through reconciliation
   */
  public record Status(long size, long publishedSize, long publishedAtMillis, String alarm, long lateRecords)
      implements CborSerializable {}

  private record AppendBatch(List<LogLeaf> leaves, ActorRef<Appended> replyTo) implements Command {}

  private record Appended(long size) implements CborSerializable {}

  private enum Publish implements Command { INSTANCE }

  private enum Reconcile implements Command { INSTANCE }

  private enum ContinueReconcile implements Command { INSTANCE }

  // ---- state ----

  private final Settings settings;
  private final LogStore store;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final TiledMerkleTree tree;
  private final CheckpointPublisher checkpoints;
  private final AtomicLong resumeAfter;
  private final UniqueKillSwitch journalStream;
  private final LateRecords late;
  private final ReconcileWindow reconciling;
  private long lateAppended;
  private long lastOrdering;

  /**
   * @param journal the lineage-tagged events after an offset (exclusive); restarted on failure
   * @param late where reconciliation finds the records {@code journal} skipped
   */
  public static Behavior<Command> create(Settings settings, LogStore store, NoteSigner signer,
      Function<Offset, Source<EventEnvelope, NotUsed>> journal, LateRecords late, Coverage coverage, Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new TransparencyLog(context, timers, settings, store, signer, journal, late, coverage, clock)));
  }

  private TransparencyLog(ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings,
      LogStore store, NoteSigner signer, Function<Offset, Source<EventEnvelope, NotUsed>> journal,
      LateRecords late, Coverage coverage, Clock clock) {
    super(context);
    this.timers = timers;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.late = late;
    this.reconciling = new ReconcileWindow(settings.reconcileHorizon().toMillis());
    LogStore.LoadedTree loaded = store.loadTree();
    this.tree = loaded.tree();
    this.lastOrdering = loaded.lastOrdering();
    this.checkpoints = new CheckpointPublisher(settings.origin(), tree, store, signer, coverage, clock,
        context.getLog());
    checkpoints.recover();
    this.resumeAfter = new AtomicLong(lastOrdering);
    this.journalStream = follow(journal);
    context.getLog().info("transparency log: {} leaves up to journal ordering {}, checkpoint size {}",
        tree.size(), lastOrdering, checkpoints.size());
    armPublish();
    timers.startTimerWithFixedDelay(Reconcile.INSTANCE, settings.reconcileInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AppendBatch.class, this::onAppend)
        .onMessageEquals(Publish.INSTANCE, this::onPublish)
        .onMessageEquals(Reconcile.INSTANCE, this::onReconcile)
        .onMessageEquals(ContinueReconcile.INSTANCE, this::onContinueReconcile)
        .onMessage(GetCheckpoint.class, c -> reply(c.replyTo(), new Published(checkpoints.size(), checkpoints.note())))
        .onMessage(GetHashTile.class, this::onHashTile)
        .onMessage(ProveInclusion.class, this::onProveInclusion)
        .onMessage(ProveConsistency.class, this::onProveConsistency)
        .onMessage(ProveRecords.class, this::onProveRecords)
        .onMessage(ProveRecordsAt.class, request -> reply(request.replyTo(), request.size() <= checkpoints.size()
            ? LogProofs.records(tree, request.size(), request.note(), new ProveRecords(request.indexes(), null))
            : new RecordProofs(request.size(), request.note(), List.of())))
        .onMessage(GetStatus.class, c -> reply(c.replyTo(),
            new Status(tree.size(), checkpoints.size(), checkpoints.atMillis(), checkpoints.alarm(), lateAppended)))
        .onSignal(PreRestart.class, signal -> stopFollowing())
        .onSignal(PostStop.class, signal -> stopFollowing())
        .build();
  }

  // ---- appending ----

  private UniqueKillSwitch follow(Function<Offset, Source<EventEnvelope, NotUsed>> journal) {
    ActorRef<Command> self = getContext().getSelf();
    var system = getContext().getSystem();
    RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);
    // A restart resumes after the last durably appended ordering; what was in flight is re-read.
    return RestartSource.withBackoff(restart, () -> journal.apply(Offset.sequence(resumeAfter.get()))
            .mapConcat(TransparencyLog::leafOf)
            .groupedWithin(MAX_BATCH, BATCH_WINDOW)
            .mapAsync(1, leaves -> AskPattern.<Command, Appended>ask(
                self, replyTo -> new AppendBatch(leaves, replyTo), APPEND_TIMEOUT, system.scheduler())))
        .viaMat(KillSwitches.single(), Keep.right())
        .to(Sink.ignore())
        .run(system);
  }

  private static List<LogLeaf> leafOf(EventEnvelope envelope) {
    if (envelope.event() instanceof Lineaged lineaged && envelope.offset() instanceof Sequence ordering) {
      return List.of(LogLeaf.of(ordering.value(), envelope.persistenceId(), envelope.sequenceNr(), lineaged.record()));
    }
    return List.of();
  }

  private Behavior<Command> onAppend(AppendBatch batch) {
    List<LogLeaf> fresh = new ArrayList<>(batch.leaves().size());
    long ordering = lastOrdering;
    for (LogLeaf leaf : batch.leaves()) {
      // A restarted journal stream re-delivers what the log already holds: skip by ordering.
      if (leaf.journalOrdering() > ordering) {
        fresh.add(leaf.withIndex(tree.size() + fresh.size()));
        ordering = leaf.journalOrdering();
      }
    }
    if (!fresh.isEmpty()) {
      store(fresh);
      lastOrdering = ordering;
      resumeAfter.set(ordering);
    }
    batch.replyTo().tell(new Appended(tree.size()));
    return this;
  }

  /** Appends indexed leaves to the tree and the store, and arms the next checkpoint. */
  private void store(List<LogLeaf> indexed) {
    for (LogLeaf leaf : indexed) {
      tree.append(leaf.leafHash());
    }
    // Leaves and the tiles they complete commit together; if that fails the actor fails and its
    // restart reloads the tree from the store, so the tree never runs ahead of what is stored.
    store.append(indexed, tree.drainCompleted());
    checkpoints.appended(indexed);
    armPublish();
  }

  // ---- reconciling ----

  private Behavior<Command> onReconcile() {
    if (reconciling.start(clock.millis(), lastOrdering)) {
      return onContinueReconcile();
    }
    return this;
  }

  /**
   * One bounded look for late records at or below the log's ordering; appended at the end in
   * journal order. The stream only appends above {@code lastOrdering} and this only at or below
   * it, and both run on this actor, so neither can append what the other did; the store's unique
   * {@code journal_ordering} and {@code (persistence_id, seq)} would refuse it anyway.
   */
  private Behavior<Command> onContinueReconcile() {
    if (!reconciling.passing()) {
      return this;
    }
    LateRecords.Found found = late.find(reconciling.cursor(), reconciling.target(), MAX_BATCH);
    if (!found.leaves().isEmpty()) {
      List<LogLeaf> indexed = new ArrayList<>(found.leaves().size());
      for (LogLeaf leaf : found.leaves()) {
        indexed.add(leaf.withIndex(tree.size() + indexed.size()));
      }
      store(indexed);
      lateAppended += indexed.size();
      for (LogLeaf leaf : indexed) {
        getContext().getLog().warn("transparency log: late record {} seq {} at journal ordering {} (the log had"
            + " passed ordering {}) appended as leaf {}", leaf.persistenceId(), leaf.seq(), leaf.journalOrdering(),
            lastOrdering, leaf.index());
      }
    }
    reconciling.reached(found.scannedUpTo());
    if (reconciling.passing()) {
      getContext().getSelf().tell(ContinueReconcile.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> stopFollowing() {
    journalStream.shutdown();
    return this;
  }

  // ---- publishing ----

  private void armPublish() {
    if (checkpoints.due() && !timers.isTimerActive(Publish.INSTANCE)) {
      timers.startSingleTimer(Publish.INSTANCE, settings.checkpointInterval().dividedBy(2));
    }
  }

  private Behavior<Command> onPublish() {
    checkpoints.publish();
    return this;
  }

  // ---- reading ----

  private Behavior<Command> onHashTile(GetHashTile request) {
    return reply(request.replyTo(), LogProofs.hashTile(tree, checkpoints.size(), request));
  }

  private Behavior<Command> onProveInclusion(ProveInclusion request) {
    return reply(request.replyTo(), LogProofs.inclusion(tree, checkpoints.size(), request));
  }

  private Behavior<Command> onProveConsistency(ProveConsistency request) {
    return reply(request.replyTo(), LogProofs.consistency(tree, checkpoints.size(), request));
  }

  private Behavior<Command> onProveRecords(ProveRecords request) {
    return reply(request.replyTo(), LogProofs.records(tree, checkpoints.size(), checkpoints.note(), request));
  }

  private <T> Behavior<Command> reply(ActorRef<T> replyTo, T message) {
    replyTo.tell(message);
    return this;
  }
}
