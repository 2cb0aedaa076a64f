package io.fxg.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
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
    events.add(new Execution.Completed(LineageChain.next(b, "b", "execution.completed", 6, t.plusSeconds(2), "n",
        Json.object()), Json.object()));
    events.add(new Execution.Completed(LineageChain.next(a, "a", "execution.completed", 6, t.plusSeconds(3), "n",
        Json.object()), Json.object()));
    received(events, "c", null, t.plusSeconds(4));
    ActorRef<ExecutionIndex.Command> index = testKit.spawn(ExecutionIndex.create(
        offset -> Source.from(envelopes(events)).concat(Source.never()), 2));

    TestProbe<ExecutionIndex.Results> probe = testKit.createTestProbe();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      index.tell(new ExecutionIndex.Search(null, null, null, null, 10, probe.getRef()));
      List<ExecutionIndex.Summary> found = probe.receiveMessage().executions();
      assertEquals(List.of("c", "a"), found.stream().map(ExecutionIndex.Summary::executionId).toList());
      assertEquals("completed", found.get(1).status());
    });
    index.tell(new ExecutionIndex.Search(null, "pending", null, null, 10, probe.getRef()));
    assertEquals(List.of("c"), probe.receiveMessage().executions().stream().map(ExecutionIndex.Summary::executionId).toList());
  }

  @Test
  void keepsALongRunningExecution_evictingFinishedOnesFirst() {
    Instant t = Instant.parse("2026-11-27T12:00:00Z");
    List<Execution.Event> events = new ArrayList<>();
    LineageRecord running = received(events, "long", null, t);
    LineageRecord b = received(events, "b", null, t.plusSeconds(1));
    events.add(new Execution.Completed(LineageChain.next(b, "b", "execution.completed", 6, t.plusSeconds(2), "n",
        Json.object()), Json.object()));
    received(events, "c", null, t.plusSeconds(3));
    // "long" is the least recently updated, but still live: finished "b" goes instead, so the
    // long-running execution's own completion can still be folded when it comes
    events.add(new Execution.Completed(LineageChain.next(running, "long", "execution.completed", 6,
        t.plusSeconds(4), "n", Json.object()), Json.object()));
    ActorRef<ExecutionIndex.Command> index = testKit.spawn(ExecutionIndex.create(
        offset -> Source.from(envelopes(events)).concat(Source.never()), 2));

    TestProbe<ExecutionIndex.Results> probe = testKit.createTestProbe();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      index.tell(new ExecutionIndex.Search(null, null, null, null, 10, probe.getRef()));
      List<ExecutionIndex.Summary> found = probe.receiveMessage().executions();
      assertEquals(List.of("long", "c"), found.stream().map(ExecutionIndex.Summary::executionId).toList());
      assertEquals("completed", found.get(0).status());
    });
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
