package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.execution.ExecutionIds;
import io.fxg.execution.ExecutionIndex;
import io.fxg.lineage.Lineaged;
import io.fxg.policy.RiskSignals;
import io.fxg.projection.JdbcProjectionStore;
import io.fxg.projection.Projection;
import io.fxg.projection.ProjectionStatus;
import io.fxg.projection.ProjectionStore;
import io.fxg.testkit.ExecutionWriter;
import io.fxg.testkit.FixtureBuilder;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.Journal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The search index and the risk signals resume from their stored snapshot on a real journal (H2 in
 * memory, or {@code FXG_TEST_JDBC_URL}): each "node" is a gateway node of its own (a fixture, the
 * projections under test spawned in its ActorSystem), closed before the next starts on the same
 * database, as a restart does.
 */
class ProjectionRestartTest {
  static final Journal JOURNAL = Journal.postgresOrH2();
  static final FixtureBuilder NODE = GatewayFixture.builder().config("fxg.projections.save-interval = 200 ms")
      .journal(JOURNAL);
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final AtomicInteger WRITERS = new AtomicInteger();

  private final Map<ActorTestKit, GatewayFixture> nodes = new LinkedHashMap<>();
  private final JdbcProjectionStore store = new JdbcProjectionStore(JOURNAL.url(), JOURNAL.user(), JOURNAL.password());

  @AfterEach
  void stopNodes() {
    nodes.values().forEach(GatewayFixture::close);
  }

  @Test
  void indexRestart_readsOnlyRecordsAfterItsSnapshot_andEqualsAFullRead() {
    String name = "index-restart-" + WRITERS.incrementAndGet();
    ActorTestKit first = node();
    write(first, 30, "t/a");
    ProjectionStatus before = new ProjectionStatus();
    first.spawn(ExecutionIndex.create(projection(first, name, store), 1000, before));
    await().atMost(DEADLINE).until(before::caughtUp);
    await().atMost(DEADLINE).until(() -> storedOrdering(name) == before.position());
    stop(first);

    ActorTestKit second = node();
    write(second, 20, "t/b");
    long stored = storedOrdering(name);
    long newer = lineageAfter(stored);
    assertTrue(newer > 0 && newer < lineageAfter(0), "some records, not all, are newer than the snapshot");
    ProjectionStatus resumed = new ProjectionStatus();
    ActorRef<ExecutionIndex.Command> index = second.spawn(ExecutionIndex.create(projection(second, name, store),
        1000, resumed));
    await().atMost(DEADLINE).until(resumed::caughtUp);
    assertEquals(stored, resumed.resumedFrom());
    assertEquals(newer, resumed.read());

    ProjectionStatus full = new ProjectionStatus();
    ActorRef<ExecutionIndex.Command> reread = second.spawn(ExecutionIndex.create(
        projection(second, name + "-full", ProjectionStore.none()), 1000, full));
    await().atMost(DEADLINE).until(full::caughtUp);
    assertEquals(lineageAfter(0), full.read());
    assertEquals(search(second, reread), search(second, index));
  }

  @Test
  void indexSnapshotWithOneByteChanged_isNotRestored_theWholeJournalIsRead() {
    String name = "index-corrupt-" + WRITERS.incrementAndGet();
    ActorTestKit first = node();
    write(first, 10, "t/c");
    ProjectionStatus before = new ProjectionStatus();
    first.spawn(ExecutionIndex.create(projection(first, name, store), 1000, before));
    await().atMost(DEADLINE).until(() -> storedOrdering(name) == before.position() && before.caughtUp());
    stop(first);
    ProjectionStore.Stored good = store.load(name).orElseThrow();
    byte[] changed = good.state().clone();
    changed[changed.length / 2] ^= 1;
    store.save(name, new ProjectionStore.Stored(good.ordering(), good.version(), changed));

    ActorTestKit second = node();
    ProjectionStatus after = new ProjectionStatus();
    ActorRef<ExecutionIndex.Command> index = second.spawn(ExecutionIndex.create(projection(second, name, store),
        1000, after));
    await().atMost(DEADLINE).until(after::caughtUp);
    assertEquals(0, after.resumedFrom());
    assertEquals(lineageAfter(0), after.read());
    ProjectionStatus full = new ProjectionStatus();
    ActorRef<ExecutionIndex.Command> reread = second.spawn(ExecutionIndex.create(
        projection(second, name + "-full", ProjectionStore.none()), 1000, full));
    await().atMost(DEADLINE).until(full::caughtUp);
    assertEquals(search(second, reread), search(second, index));
  }

  @Test
  void indexSnapshotOfAnotherVersion_isNotRestored_theWholeJournalIsRead() {
    String name = "index-version-" + WRITERS.incrementAndGet();
    ActorTestKit node = node();
    write(node, 5, "t/d");
    store.save(name, new ProjectionStore.Stored(lineageEnd(), ExecutionIndex.SNAPSHOT_VERSION + 1, new byte[] {1}));
    ProjectionStatus status = new ProjectionStatus();
    node.spawn(ExecutionIndex.create(projection(node, name, store), 1000, status));
    await().atMost(DEADLINE).until(status::caughtUp);
    assertEquals(0, status.resumedFrom());
    assertEquals(lineageAfter(0), status.read());
  }

  @Test
  void riskSignalsRestart_readOnlyRecordsAfterTheirSnapshot_andEqualAFullRead() {
    String name = "risk-restart-" + WRITERS.incrementAndGet();
    ActorTestKit first = node();
    write(first, 30, "t/r1");
    ProjectionStatus before = new ProjectionStatus();
    RiskSignals signals = new RiskSignals(Duration.ofHours(1), Clock.systemUTC());
    signals.follow(first.system(), projection(first, name, store), before);
    await().atMost(DEADLINE).until(() -> storedOrdering(name) == before.position() && before.caughtUp());
    assertTrue(signals.recentDenials("t/r1") > 0 && signals.recentInterruptions("t/r1") > 0);
    stop(first);

    ActorTestKit second = node();
    write(second, 20, "t/r1");
    long stored = storedOrdering(name);
    long newer = lineageAfter(stored);
    ProjectionStatus resumed = new ProjectionStatus();
    RiskSignals restarted = new RiskSignals(Duration.ofHours(1), Clock.systemUTC());
    restarted.follow(second.system(), projection(second, name, store), resumed);
    await().atMost(DEADLINE).until(resumed::caughtUp);
    assertEquals(stored, resumed.resumedFrom());
    assertEquals(newer, resumed.read());

    ProjectionStatus full = new ProjectionStatus();
    RiskSignals reread = new RiskSignals(Duration.ofHours(1), Clock.systemUTC());
    reread.follow(second.system(), projection(second, name + "-full", ProjectionStore.none()), full);
    await().atMost(DEADLINE).until(full::caughtUp);
    assertEquals(lineageAfter(0), full.read());
    assertEquals(reread.snapshot(), restarted.snapshot());
    assertEquals(reread.recentDenials("t/r1"), restarted.recentDenials("t/r1"));
    assertEquals(reread.recentInterruptions("t/r1"), restarted.recentInterruptions("t/r1"));
  }

  @Test
  void riskSnapshotWithOneByteChanged_isNotRestored_theWholeJournalIsRead() {
    String name = "risk-corrupt-" + WRITERS.incrementAndGet();
    ActorTestKit first = node();
    write(first, 10, "t/r2");
    ProjectionStatus before = new ProjectionStatus();
    new RiskSignals(Duration.ofHours(1), Clock.systemUTC()).follow(first.system(), projection(first, name, store),
        before);
    await().atMost(DEADLINE).until(() -> storedOrdering(name) == before.position() && before.caughtUp());
    stop(first);
    ProjectionStore.Stored good = store.load(name).orElseThrow();
    byte[] changed = good.state().clone();
    changed[changed.length - 1] ^= 1;
    store.save(name, new ProjectionStore.Stored(good.ordering(), good.version(), changed));

    ActorTestKit second = node();
    ProjectionStatus after = new ProjectionStatus();
    RiskSignals signals = new RiskSignals(Duration.ofHours(1), Clock.systemUTC());
    signals.follow(second.system(), projection(second, name, store), after);
    await().atMost(DEADLINE).until(after::caughtUp);
    assertEquals(0, after.resumedFrom());
    assertEquals(lineageAfter(0), after.read());
    assertTrue(signals.recentDenials("t/r2") > 0);
  }

  @Test
  void storedSnapshot_neverMovesBackwards() {
    String name = "store-" + WRITERS.incrementAndGet();
    store.createSchema();
    store.save(name, new ProjectionStore.Stored(10, 1, new byte[] {10}));
    store.save(name, new ProjectionStore.Stored(7, 1, new byte[] {7}));
    assertEquals(10, store.load(name).orElseThrow().ordering());
    assertEquals(10, store.load(name).orElseThrow().state()[0]);
    store.save(name, new ProjectionStore.Stored(12, 1, new byte[] {12}));
    assertEquals(12, store.load(name).orElseThrow().state()[0]);
  }

  // ---- helpers

  /** A node started on the journal (which it gives its schema): a test kit on its ActorSystem. */
  private ActorTestKit node() {
    GatewayFixture fixture = NODE.start();
    ActorTestKit node = ActorTestKit.create(fixture.node().system());
    nodes.put(node, fixture);
    store.createSchema();
    return node;
  }

  private void stop(ActorTestKit node) {
    nodes.get(node).close();
  }

  private static Projection projection(ActorTestKit node, String name, ProjectionStore store) {
    JdbcReadJournal journal = PersistenceQuery.get(node.system())
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    return new Projection(name, offset -> journal.currentEventsByTag(Lineaged.TAG, offset),
        offset -> journal.eventsByTag(Lineaged.TAG, offset), store, Duration.ofMillis(200));
  }

  /** Journals {@code count} executions of {@code caller}: completed, denied and interrupted ones. */
  private static void write(ActorTestKit node, int count, String caller) {
    List<String> ids = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    StringBuilder shapes = new StringBuilder();
    for (int i = 0; i < count; i++) {
      ids.add(ExecutionIds.next(Instant.now()));
      callers.add(caller);
      shapes.append("cdi".charAt(i % 3));
    }
    ActorRef<ExecutionWriter.Write> writer = node.spawn(ExecutionWriter.create("test-" + WRITERS.incrementAndGet()));
    TestProbe<Done> done = node.createTestProbe();
    writer.tell(new ExecutionWriter.Write(ids, shapes.toString(), callers, Instant.now(), done.getRef()));
    done.expectMessage(Duration.ofSeconds(30), Done.getInstance());
  }

  private static List<ExecutionIndex.Summary> search(ActorTestKit node, ActorRef<ExecutionIndex.Command> index) {
    TestProbe<ExecutionIndex.Results> probe = node.createTestProbe();
    index.tell(new ExecutionIndex.Search(null, null, null, null, ExecutionIndex.MAX_LIMIT, probe.getRef()));
    return probe.receiveMessage().executions();
  }

  private long storedOrdering(String name) {
    Optional<ProjectionStore.Stored> stored = store.load(name);
    return stored.map(ProjectionStore.Stored::ordering).orElse(-1L);
  }

  /** Lineage-tagged journal records above {@code ordering}. */
  private static long lineageAfter(long ordering) {
    return JOURNAL.count("SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'lineage' AND \"event_id\" > ?", ordering);
  }

  private static long lineageEnd() {
    return JOURNAL.count("SELECT COALESCE(MAX(\"event_id\"), 0) FROM \"event_tag\" WHERE \"tag\" = 'lineage'"
        + " AND \"event_id\" > ?", 0L);
  }
}
