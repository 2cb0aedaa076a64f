package io.fxg.projection;

import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What a resuming projection reads and where it keeps its snapshot.
 *
 * @param name the snapshot's row, one per projection (not per node: see {@link ProjectionStore})
 * @param current the tagged journal after an offset (exclusive) up to its end when asked: finite
 * @param live the tagged journal after an offset, then whatever is journaled later: never ends
 * @param saveInterval how often the snapshot is stored while the projection advances
 */
public record Projection(String name, Function<Offset, Source<EventEnvelope, NotUsed>> current,
    Function<Offset, Source<EventEnvelope, NotUsed>> live, ProjectionStore store, Duration saveInterval) {
  /** The default {@code fxg.projections.save-interval}. */
  public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofSeconds(10);
}
