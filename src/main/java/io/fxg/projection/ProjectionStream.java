package io.fxg.projection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Runs a projection's journal stream: from the ordering it resumes after, the journal as it stands
 * ({@link Projection#current}), then {@link Signal#CAUGHT_UP}, then the live journal; a
 * {@link Signal#SAVE} every save interval in between. One consumer sees it all in order, so a
 * snapshot taken on {@code SAVE} holds exactly the records before it. After a failure the stream
 * restarts with backoff after the last record it delivered. The consumer marks the status caught up
 * when it has folded everything before {@code CAUGHT_UP}.
 */
public final class ProjectionStream {
  /** What the consumer sees besides journal envelopes. */
  public enum Signal { CAUGHT_UP, SAVE }

  private ProjectionStream() {}

  /** The journal ordering of an envelope from the JDBC read journal. */
  public static long ordering(EventEnvelope envelope) {
    return ((Sequence) envelope.offset()).value();
  }

  /**
   * @param after the last ordering already folded (0: none)
   * @param sink gets {@link EventEnvelope}s and {@link Signal}s, one at a time, in order
   */
  public static void run(ActorSystem<?> system, Projection projection, long after, ProjectionStatus status,
      Consumer<Object> sink) {
    status.resumed(after);
    AtomicBoolean caughtUp = new AtomicBoolean(false);
    RestartSettings restart = RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
    Source<Object, ?> journal = RestartSource.withBackoff(restart, () -> {
      // Each part is created only when it starts (flatMapConcat), so it begins after the last
      // record delivered; the filter drops anything a part might repeat.
      List<Part> parts = caughtUp.get() ? List.of(Part.LIVE) : List.of(Part.CURRENT, Part.LIVE);
      return Source.from(parts).flatMapConcat(part -> switch (part) {
        case CURRENT -> read(projection.current(), status).concat(Source.single(Signal.CAUGHT_UP));
        case LIVE -> {
          caughtUp.set(true);
          yield read(projection.live(), status);
        }
      });
    });
    Duration every = projection.saveInterval();
    journal.merge(Source.tick(every, every, (Object) Signal.SAVE))
        .runForeach(sink::accept, system);
  }

  private enum Part { CURRENT, LIVE }

  private static Source<Object, NotUsed> read(Function<Offset, Source<EventEnvelope, NotUsed>> journal,
      ProjectionStatus status) {
    return journal.apply(Offset.sequence(status.position()))
        .filter(envelope -> ordering(envelope) > status.position())
        .map(envelope -> {
          status.readOne(ordering(envelope));
          return envelope;
        });
  }
}
