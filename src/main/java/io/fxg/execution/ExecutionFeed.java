package io.fxg.execution;

import io.fxg.execution.ExecutionIndex.Summary;
import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The live side of the execution read model, behind {@code GET /v1/events}: turns the
 * lineage-tagged journal stream into one {@link Update} per record. An execution's update carries
 * its summary as it now stands, folded exactly as {@link ExecutionIndex} folds it; an execution
 * begun before the stream started is looked up once through its view, then folded. Records of
 * other chains (domains, policy) pass through without a summary, so a console can refresh them.
 */
public final class ExecutionFeed {
  /** Most executions whose summaries the feed keeps to fold later records into. */
  public static final int MAX_TRACKED = 10_000;

  /**
   * One lineage record as the console sees it.
   *
   * @param chain the record's chain id: an execution id, {@code domain:NAME} or {@code policy}
   * @param detail the {@code data.detail} of denials, failures and interruptions, else null
   * @param execution the execution's summary after this record; null for other chains
   */
  public record Update(String chain, long seq, String type, int phase, String at, String hash,
      String detail, Summary execution) {}

  private final Function<String, CompletionStage<ExecutionView>> views;
  private final Map<String, Summary> tracked = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Summary> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  private ExecutionFeed(Function<String, CompletionStage<ExecutionView>> views) {
    this.views = views;
  }

  /**
   * A flow from journal envelopes to updates, in journal order. Materialize it once: it keeps the
   * summaries it folds.
   *
   * @param views looks an execution's view up (null when unknown), for executions begun earlier
   */
  public static Flow<EventEnvelope, Update, NotUsed> flow(Function<String, CompletionStage<ExecutionView>> views) {
    ExecutionFeed feed = new ExecutionFeed(views);
    // Parallelism 1: each record is folded after the previous one, so the map needs no lock.
    return Flow.<EventEnvelope>create()
        .filter(envelope -> envelope.event() instanceof Lineaged)
        .mapAsync(1, envelope -> feed.next((Lineaged) envelope.event()));
  }

  private CompletionStage<Update> next(Lineaged event) {
    LineageRecord record = event.record();
    if (!(event instanceof Execution.Event executionEvent)) {
      return CompletableFuture.completedFuture(update(record, null));
    }
    String id = record.executionId();
    Summary current = tracked.get(id);
    if (current != null || executionEvent instanceof Execution.IntentReceived) {
      return CompletableFuture.completedFuture(fold(current, executionEvent));
    }
    return views.apply(id).handle((view, error) -> {
      if (view != null && error == null) {
        Summary seen = fromView(view);
        tracked.put(id, seen);
        return update(record, seen);
      }
      // The view is unavailable: fold into what this record alone says.
      return fold(new Summary(id, "pending", record.phase(), "", "", "", "", null, record.at(),
          record.at(), null), executionEvent);
    });
  }

  private Update fold(Summary current, Execution.Event event) {
    Summary next = ExecutionSummaries.apply(current, event);
    if (next != null) {
      tracked.put(next.executionId(), next);
    }
    return update(event.record(), next);
  }

  private static Update update(LineageRecord record, Summary summary) {
    String detail = record.data() == null ? null : record.data().path("detail").asText(null);
    return new Update(record.executionId(), record.seq(), record.type(), record.phase(), record.at(),
        record.hash(), detail, summary);
  }

  static Summary fromView(ExecutionView view) {
    String reason = view.outcome() == null ? null : view.outcome().reason();
    return new Summary(view.executionId(), view.status(), view.phase(),
        view.caller().domain() + "/" + view.caller().principal(),
        view.target().domain() + "/" + view.target().environment(), view.action(), view.resource(),
        reason, view.createdAt(), view.updatedAt(), view.parent(), view.peer());
  }
}
