package io.fxg.execution;

import io.fxg.projection.Projection;
import io.fxg.projection.ProjectionSnapshots;
import io.fxg.projection.ProjectionStatus;
import io.fxg.projection.ProjectionStore;
import io.fxg.projection.ProjectionStream;
import io.fxg.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.persistence.query.EventEnvelope;

/**
 * The node-local read model behind {@code GET /v1/executions}: follows every lineage record in
 * journal order (persistence query, tag {@link Execution#LINEAGE_TAG}) and keeps a summary of the
 * {@code fxg.executions.index-size} most recently updated executions, so its memory is bounded
 * however many executions complete (older ones stay readable by id, lineage and proof).
 *
 * <p>Resumes: every save interval it stores its summaries with the ordering they were folded up to
 * (one row, {@value #PROJECTION}), and a start restores them and reads only the journal after that
 * ordering. Every node folds the same journal the same way, so any node's snapshot is a valid
 * start for every node; one kept at a smaller index size, of an unknown version or undecodable is
 * not, and the journal is read from its beginning. {@link ProjectionStatus} says when the index has
 * folded everything journaled before the start.
 */
public final class ExecutionIndex extends AbstractBehavior<ExecutionIndex.Command> {
  public static final int MAX_LIMIT = 500;

  public sealed interface Command extends CborSerializable {}

  /** Any filter may be null. */
  public record Search(String domain, String status, String reason, Instant since, int limit, ActorRef<Results> replyTo)
      implements Command {}

  public record Results(List<Summary> executions) implements CborSerializable {}

  /**
   * One execution in the index.
   *
   * @param peer its cross-gateway link (SPEC section 13), null for none; the linked execution's id
   *     is null on the origin until the peer accepted the forward
   */
  public record Summary(
      String executionId, String status, int phase, String caller, String target, String action,
      String resource, String reason, String createdAt, String updatedAt, String parent, ExecutionView.PeerLink peer)
      implements CborSerializable {

    /**
     * Whether it is {@code domain}'s to see: the target's domain, or the caller's unless a peer
     * forwarded it here (then the caller's domain is the origin's namespace, no relation of a
     * domain of that name here).
     */
    public boolean concerns(String domain) {
      boolean forwardedHere = peer != null && "parent".equals(peer.role());
      return target.startsWith(domain + "/") || (!forwardedHere && caller.startsWith(domain + "/"));
    }

    /** A summary with no peer link (and one restored from a snapshot kept before links existed). */
    public Summary(String executionId, String status, int phase, String caller, String target, String action,
        String resource, String reason, String createdAt, String updatedAt, String parent) {
      this(executionId, status, phase, caller, target, action, resource, reason, createdAt, updatedAt, parent, null);
    }
  }

  /** The projection's row in the snapshot store. */
  public static final String PROJECTION = "execution-index";
  /** The format of {@link Snapshot}; a stored snapshot of any other version is not restored. */
  public static final int SNAPSHOT_VERSION = 1;

  /**
   * The stored state.
   *
   * @param maxEntries the index size it was kept at
   * @param summaries least recently updated first
   */
  public record Snapshot(int maxEntries, List<Summary> summaries) {}

  private record Loaded(ProjectionSnapshots.Restored<Snapshot> restored) implements Command {}

  private record Indexed(Object event, long ordering) implements Command {}

  private enum CaughtUp implements Command { INSTANCE }

  private enum Save implements Command { INSTANCE }

  private record SaveFailed(long ordering, String error) implements Command {}

  private static final java.util.Set<String> FINISHED = java.util.Set.of("completed", "failed", "denied", "interrupted");

  /** In update order: the least recently updated first. */
  private final Map<String, Summary> summaries = new LinkedHashMap<>();
  private final int maxEntries;
  private final Projection projection;
  private final ProjectionStatus status;
  private final Executor blocking;
  /** The last journal ordering folded, and the last one handed to the store. */
  private long folded;
  private long saved;

  /**
   * @param projection the lineage-tagged journal and the snapshot store; the index restarts the
   *     stream on failure
   * @param status where the index reports its progress
   */
  public static Behavior<Command> create(Projection projection, int maxEntries, ProjectionStatus status) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("fxg.executions.index-size must be at least 1, was " + maxEntries);
    }
    return Behaviors.setup(context -> {
      Executor blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      context.pipeToSelf(CompletableFuture.supplyAsync(() -> ProjectionSnapshots.load(projection.store(),
              projection.name(), SNAPSHOT_VERSION, Snapshot.class), blocking),
          (restored, error) -> new Loaded(restored == null ? null : restored.orElse(null)));
      return new ExecutionIndex(context, projection, maxEntries, status, blocking);
    });
  }

  private ExecutionIndex(ActorContext<Command> context, Projection projection, int maxEntries, ProjectionStatus status,
      Executor blocking) {
    super(context);
    this.projection = projection;
    this.maxEntries = maxEntries;
    this.status = status;
    this.blocking = blocking;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Indexed.class, this::onIndexed)
        .onMessage(Search.class, this::onSearch)
        .onMessage(CaughtUp.class, c -> onCaughtUp())
        .onMessage(Save.class, s -> save())
        .onMessage(SaveFailed.class, this::onSaveFailed)
        .build();
  }

  /** Restores the stored summaries (when usable), then follows the journal after them. */
  private Behavior<Command> onLoaded(Loaded loaded) {
    ProjectionSnapshots.Restored<Snapshot> restored = loaded.restored();
    if (restored != null && restored.state().maxEntries() < maxEntries) {
      getContext().getLog().warn("execution index: the stored snapshot kept {} executions, this node keeps {};"
          + " reading the whole journal", restored.state().maxEntries(), maxEntries);
      restored = null;
    }
    if (restored != null) {
      for (Summary summary : restored.state().summaries()) {
        summaries.put(summary.executionId(), summary);
        if (summaries.size() > maxEntries) {
          evictOne();
        }
      }
      folded = restored.ordering();
      saved = folded;
      getContext().getLog().info("execution index: restored {} executions, reading the journal after ordering {}",
          summaries.size(), folded);
    }
    ActorRef<Command> self = getContext().getSelf();
    ProjectionStream.run(getContext().getSystem(), projection, folded, status, item -> {
      if (item instanceof EventEnvelope envelope) {
        self.tell(new Indexed(envelope.event(), ProjectionStream.ordering(envelope)));
      } else {
        self.tell(item == ProjectionStream.Signal.CAUGHT_UP ? CaughtUp.INSTANCE : Save.INSTANCE);
      }
    });
    return this;
  }

  private Behavior<Command> onCaughtUp() {
    status.reachedEnd();
    getContext().getLog().info("execution index: caught up with the journal at ordering {} after {} ms,"
        + " {} records read since the start (resumed after ordering {})", folded, status.caughtUpMillis(),
        status.read(), status.resumedFrom());
    return save();
  }

  /** Hands the summaries and their ordering to the store, off the actor; nothing when nothing changed. */
  private Behavior<Command> save() {
    if (folded <= saved) {
      return this;
    }
    long ordering = folded;
    byte[] state = ProjectionSnapshots.encode(new Snapshot(maxEntries, new ArrayList<>(summaries.values())));
    saved = ordering;
    ActorRef<Command> self = getContext().getSelf();
    CompletableFuture.runAsync(() -> projection.store().save(projection.name(),
            new ProjectionStore.Stored(ordering, SNAPSHOT_VERSION, state)), blocking)
        .whenComplete((done, error) -> {
          if (error != null) {
            self.tell(new SaveFailed(ordering, error.getMessage()));
          }
        });
    return this;
  }

  private Behavior<Command> onSaveFailed(SaveFailed failed) {
    getContext().getLog().warn("execution index: snapshot at ordering {} not stored ({}); retrying at the next save",
        failed.ordering(), failed.error());
    saved = Math.min(saved, failed.ordering() - 1);
    return this;
  }

  private Behavior<Command> onIndexed(Indexed indexed) {
    folded = Math.max(folded, indexed.ordering());
    if (indexed.event() instanceof Execution.Event event) {
      String id = event.record().executionId();
      Summary updated = ExecutionSummaries.apply(summaries.remove(id), event);
      if (updated != null) {
        summaries.put(id, updated);
        if (summaries.size() > maxEntries) {
          evictOne();
        }
      }
    }
    return this;
  }

  /**
   * Drops the least recently updated finished execution, so a long-running one stays until it
   * ends (its end could not be folded without its summary); the least recently updated of all
   * only when every kept execution is still live.
   */
  private void evictOne() {
    java.util.Iterator<Summary> oldestFirst = summaries.values().iterator();
    while (oldestFirst.hasNext()) {
      if (FINISHED.contains(oldestFirst.next().status())) {
        oldestFirst.remove();
        return;
      }
    }
    summaries.remove(summaries.keySet().iterator().next());
  }

  private Behavior<Command> onSearch(Search search) {
    String sinceText = search.since() == null ? null : search.since().toString();
    int limit = Math.max(1, Math.min(MAX_LIMIT, search.limit()));
    List<Summary> found = new ArrayList<>();
    Summary[] byUpdate = summaries.values().toArray(new Summary[0]);
    for (int i = byUpdate.length - 1; i >= 0; i--) {
      Summary s = byUpdate[i];
      if (found.size() >= limit) {
        break;
      }
      boolean domainOk = search.domain() == null
          || s.concerns(search.domain());
      boolean statusOk = search.status() == null || search.status().equals(s.status());
      boolean reasonOk = search.reason() == null || search.reason().equals(s.reason());
      boolean sinceOk = sinceText == null || s.updatedAt().compareTo(sinceText) >= 0;
      if (domainOk && statusOk && reasonOk && sinceOk) {
        found.add(s);
      }
    }
    search.replyTo().tell(new Results(found));
    return this;
  }
}
