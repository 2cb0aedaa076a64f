package io.fxg.testkit;

import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Journals valid lineage chains in bulk (for log and audit throughput tests): each
 * {@link Write} persists {@code count} chained records under {@code Bench|<chain>} in one atomic
 * write, tagged {@code lineage} like every lineage event.
 */
public final class ChainWriter extends EventSourcedBehavior<ChainWriter.Write, ChainWriter.Written, ChainWriter.Head> {
  /** Persist {@code count} more records of the chain. */
  public record Write(int count, ActorRef<Done> replyTo) implements CborSerializable {}

  /** The test event: nothing but its lineage record. */
  public record Written(LineageRecord record) implements Lineaged, CborSerializable {}

  /** The chain's last record, null before the first. */
  public record Head(LineageRecord last) implements CborSerializable {}

  private final String chainId;

  private ChainWriter(String chainId) {
    super(PersistenceId.of("Bench", chainId));
    this.chainId = chainId;
  }

  public static Behavior<Write> create(String chainId) {
    return new ChainWriter(chainId);
  }

  @Override
  public Head emptyState() {
    return new Head(null);
  }

  @Override
  public Set<String> tagsFor(Written event) {
    return Set.of(Lineaged.TAG);
  }

  @Override
  public CommandHandler<Write, Written, Head> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onCommand(Write.class, (head, write) -> {
      List<Written> events = new ArrayList<>(write.count());
      LineageRecord last = head.last();
      Instant at = Instant.parse("2026-11-27T09:00:00Z");
      for (int i = 0; i < write.count(); i++) {
        last = LineageChain.next(last, chainId, "execution.progress", 6, at.plusMillis(i), "127.0.0.1:25520",
            Json.object().put("reportSeq", i).put("result", "sha256:" + "ab".repeat(32)));
        events.add(new Written(last));
      }
      return Effect().persist(events).thenReply(write.replyTo(), state -> Done.getInstance());
    }).build();
  }

  @Override
  public EventHandler<Head, Written> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((head, event) -> new Head(event.record()));
  }
}
