package io.fxg.execution;

import io.fxg.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The node-local read model behind {@code GET /v1/executions}: follows every lineage record in
 * journal order (persistence query, tag {@link Execution#LINEAGE_TAG}) and keeps a summary of the
 * {@code fxg.executions.index-size} most recently updated executions, so its memory is bounded
 * however many executions complete (older ones stay readable by id, lineage and proof). Rebuilt
 * from the journal on every start, so it needs no storage of its own and agrees across nodes.
 */
public final class ExecutionIndex extends AbstractBehavior<ExecutionIndex.Command> {
  public static final int MAX_LIMIT = 500;

  public sealed interface Command extends CborSerializable {}

  /** Any filter may be null. */
  public record Search(String domain, String status, String reason, Instant since, int limit, ActorRef<Results> replyTo)
      implements Command {}

  public record Results(List<Summary> executions) implements CborSerializable {}

  public record Summary(
      String executionId, String status, int phase, String caller, String target, String action,
      String resource, String reason, String createdAt, String updatedAt, String parent)
      implements CborSerializable {}

  private record Indexed(Object event) implements Command {}

  private static final java.util.Set<String> FINISHED = java.util.Set.of("completed", "failed", "denied", "interrupted");

  /** In update order: the least recently updated first. */
  private final Map<String, Summary> summaries = new LinkedHashMap<>();
  private final int maxEntries;

  /** @param events the lineage-tagged journal stream from an offset; the index restarts it on failure */
  public static Behavior<Command> create(java.util.function.Function<Offset, Source<EventEnvelope, NotUsed>> events,
      int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("fxg.executions.index-size must be at least 1, was " + maxEntries);
    }
    return Behaviors.setup(context -> {
      RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
      RestartSource.withBackoff(restart, () -> events.apply(Offset.noOffset()))
          .runForeach(envelope -> context.getSelf().tell(new Indexed(envelope.event())), context.getSystem());
      return new ExecutionIndex(context, maxEntries);
    });
  }

  private ExecutionIndex(ActorContext<Command> context, int maxEntries) {
    super(context);
    this.maxEntries = maxEntries;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Indexed.class, this::onIndexed)
        .onMessage(Search.class, this::onSearch)
        .build();
  }

  private Behavior<Command> onIndexed(Indexed indexed) {
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
          || s.caller().startsWith(search.domain() + "/") || s.target().startsWith(search.domain() + "/");
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
