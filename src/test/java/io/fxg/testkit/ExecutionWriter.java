package io.fxg.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.Caller;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.TargetRef;
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
 * Journals execution-shaped lineage events in bulk, the ones the search read model and the risk
 * signals fold ({@code intent.received}, {@code execution.started}, {@code execution.progress},
 * {@code execution.completed}, {@code execution.denied}, {@code execution.interrupted}), for
 * start-up measurements on large journals. Each {@link Write} persists whole executions in one
 * atomic write under {@code Gen|<writer>} (not {@code Execution|...}, so no entity ever recovers
 * them), tagged {@code lineage}; each execution's records form a valid chain of its own id.
 */
public final class ExecutionWriter
    extends EventSourcedBehavior<ExecutionWriter.Write, Execution.Event, ExecutionWriter.Count> {
  /**
   * Persist these executions.
   *
   * @param shapes one per execution: {@code c} completed (5 records), {@code d} denied at phase 2
   *     (2 records), {@code i} interrupted (3 records)
   * @param callers the caller ({@code DOMAIN/PRINCIPAL}) of each execution
   */
  public record Write(List<String> executionIds, String shapes, List<String> callers, Instant at,
      ActorRef<Done> replyTo) implements CborSerializable {}

  public record Count(long events) implements CborSerializable {}

  private ExecutionWriter(String writerId) {
    super(PersistenceId.of("Gen", writerId));
  }

  public static Behavior<Write> create(String writerId) {
    return new ExecutionWriter(writerId);
  }

  /** Records per execution of a shape. */
  public static int recordsOf(char shape) {
    return switch (shape) {
      case 'c' -> 5;
      case 'd' -> 2;
      case 'i' -> 3;
      default -> throw new IllegalArgumentException("shape " + shape);
    };
  }

  @Override
  public Count emptyState() {
    return new Count(0);
  }

  @Override
  public Set<String> tagsFor(Execution.Event event) {
    return Set.of(Lineaged.TAG);
  }

  @Override
  public CommandHandler<Write, Execution.Event, Count> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onCommand(Write.class, (count, write) -> {
      List<Execution.Event> events = new ArrayList<>();
      for (int i = 0; i < write.executionIds().size(); i++) {
        events.addAll(execution(write.executionIds().get(i), write.shapes().charAt(i),
            write.callers().get(i), write.at()));
      }
      return Effect().persist(events).thenReply(write.replyTo(), state -> Done.getInstance());
    }).build();
  }

  @Override
  public EventHandler<Count, Execution.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((count, event) -> new Count(count.events() + 1));
  }

  /** The events of one execution, as the entity would journal them. */
  public static List<Execution.Event> execution(String id, char shape, String caller, Instant at) {
    String[] who = caller.split("/", 2);
    ExecutionIntent intent = new ExecutionIntent(id, new Caller(who[0], who[1], Caller.PRINCIPAL),
        new TargetRef("gen", "env"), "payments.transfer", "account:" + id.substring(20), Json.object().put("amount", 10),
        null, 60, "sha256:" + "cd".repeat(32), List.of("payer"));
    ObjectNode intentData = Json.object().put("caller", caller).put("callerKind", "principal")
        .put("target", "gen/env").put("action", intent.action()).put("resource", intent.resource())
        .put("params", "sha256:" + "ef".repeat(32)).put("request", intent.requestDigest())
        .put("maxDurationSeconds", 60).putNull("parent");
    List<Execution.Event> events = new ArrayList<>();
    LineageRecord r = LineageChain.next(null, id, "intent.received", 1, at, "127.0.0.1:25520", intentData);
    events.add(new Execution.IntentReceived(r, intent));
    if (shape == 'd') {
      r = LineageChain.next(r, id, "execution.denied", 2, at, "127.0.0.1:25520", Json.object().put("phase", 2)
          .put("reason", "policy.denied").put("detail", "no rule permits it"));
      events.add(new Execution.Denied(r, 2, "policy.denied", "no rule permits it"));
      return events;
    }
    r = LineageChain.next(r, id, "execution.started", 5, at, "127.0.0.1:25520", Json.object().put("deadline", 60));
    events.add(new Execution.ExecutionStarted(r, at.toEpochMilli() + 60_000));
    if (shape == 'i') {
      r = LineageChain.next(r, id, "execution.interrupted", 7, at, "127.0.0.1:25520",
          Json.object().put("reason", "attestation.stale").put("detail", "no fresh attestation"));
      events.add(new Execution.Interrupted(r, "attestation.stale", "no fresh attestation"));
      return events;
    }
    r = LineageChain.next(r, id, "execution.progress", 6, at, "127.0.0.1:25520",
        Json.object().put("reportSeq", 1).put("result", "sha256:" + "ab".repeat(32)));
    events.add(new Execution.Progressed(r, 1, null));
    r = LineageChain.next(r, id, "execution.progress", 6, at, "127.0.0.1:25520",
        Json.object().put("reportSeq", 2).put("result", "sha256:" + "ab".repeat(32)));
    events.add(new Execution.Progressed(r, 2, null));
    r = LineageChain.next(r, id, "execution.completed", 7, at, "127.0.0.1:25520", Json.object().put("via", "report"));
    events.add(new Execution.Completed(r, Json.object().put("ok", true)));
    return events;
  }
}
