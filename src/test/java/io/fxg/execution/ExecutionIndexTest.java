package io.fxg.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.projection.Projection;
import io.fxg.projection.ProjectionStatus;
import io.fxg.projection.ProjectionStore;
import io.fxg.serialization.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

class ExecutionIndexTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void keepsTheMostRecentlyUpdatedExecutions_newestFirst_withinItsSize() {
    Instant t = Instant.parse("2026-11-27T12:00:00Z");
    List<Execution.Event> events = new ArrayList<>();
    LineageRecord a = received(events, "a", null, t);
    LineageRecord b = received(events, "b", null, t.plusSeconds(1));
    // "b" completes before "a", so "b" is the least recently updated finished one, evicted for "c"
    completed(events, b, t.plusSeconds(2));
    completed(events, a, t.plusSeconds(3));
    received(events, "c", null, t.plusSeconds(4));
    ActorRef<ExecutionIndex.Command> index = index(events, 2);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      List<ExecutionIndex.Summary> found = search(index, null);
      assertEquals(List.of("c", "a"), found.stream().map(ExecutionIndex.Summary::executionId).toList());
      assertEquals("completed", found.get(1).status());
    });
    assertEquals(List.of("c"), search(index, "pending").stream().map(ExecutionIndex.Summary::executionId).toList());
  }

  @Test
  void keepsALongRunningExecution_evictingFinishedOnesFirst() {
    Instant t = Instant.parse("2026-11-27T12:00:00Z");
    List<Execution.Event> events = new ArrayList<>();
    LineageRecord running = received(events, "long", null, t);
    LineageRecord b = received(events, "b", null, t.plusSeconds(1));
    completed(events, b, t.plusSeconds(2));
    received(events, "c", null, t.plusSeconds(3));
    // "long" is the least recently updated, but still live: finished "b" goes instead, so the
    // long-running execution's own completion can still be folded when it comes
    completed(events, running, t.plusSeconds(4));
    ActorRef<ExecutionIndex.Command> index = index(events, 2);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      List<ExecutionIndex.Summary> found = search(index, null);
      assertEquals(List.of("long", "c"), found.stream().map(ExecutionIndex.Summary::executionId).toList());
      assertEquals("completed", found.get(0).status());
    });
  }

  private static ActorRef<ExecutionIndex.Command> index(List<Execution.Event> events, int size) {
    return testKit.spawn(ExecutionIndex.create(new Projection("test", offset -> Source.from(envelopes(events)),
        offset -> Source.never(), ProjectionStore.none(), Duration.ofSeconds(10)), size, new ProjectionStatus()));
  }

  private static List<ExecutionIndex.Summary> search(ActorRef<ExecutionIndex.Command> index, String status) {
    TestProbe<ExecutionIndex.Results> probe = testKit.createTestProbe();
    index.tell(new ExecutionIndex.Search(null, status, null, null, 10, probe.getRef()));
    return probe.receiveMessage().executions();
  }

  private static void completed(List<Execution.Event> events, LineageRecord previous, Instant at) {
    events.add(new Execution.Completed(LineageChain.next(previous, previous.executionId(), "execution.completed", 6,
        at, "n", Json.object()), Json.object()));
  }

  private static List<EventEnvelope> envelopes(List<Execution.Event> events) {
    List<EventEnvelope> envelopes = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Execution.Event e = events.get(i);
      envelopes.add(EventEnvelope.apply(Sequence.apply(i + 1), "Execution|" + e.record().executionId(),
          e.record().seq(), e, 0L));
    }
    return envelopes;
  }

  private static LineageRecord received(List<Execution.Event> events, String id, LineageRecord previous, Instant at) {
    ExecutionIntent intent = TestSeams.intent(id);
    LineageRecord record = LineageChain.next(previous, id, "intent.received", 1, at, "n", LineageData.intent(intent, null));
    events.add(new Execution.IntentReceived(record, intent));
    return record;
  }
}
