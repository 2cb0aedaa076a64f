package io.fxg.proof;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fxg.crypto.Digests;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import io.fxg.testkit.ChainWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log actor against an in-memory journal and an H2 store: batches become leaves in journal
 * order, checkpoints cover them, a restarted log reloads its leaves and skips what the journal
 * re-delivers, terminal records are told once covered, and a tampered leaf raises the alarm.
 */
class TransparencyLogTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  static final TransparencyLog.Settings SETTINGS = new TransparencyLog.Settings("fxg.test/log", Duration.ofMillis(200));

  final NoteSigner signer = NoteSigner.generate("fxg.test/log");
  final List<EventEnvelope> journal = new CopyOnWriteArrayList<>();
  final List<String> told = new CopyOnWriteArrayList<>();
  final MerkleTree expected = MerkleTree.create();
  String url;
  LogStore store;
  LineageRecord last;

  @BeforeEach
  void open() {
    url = "jdbc:h2:mem:log-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    store = LogStore.open(url, "fxg", "", 2);
    store.createSchema();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Journals {@code count} records of one chain, at orderings with gaps (as a real journal has). */
  void journal(int count, String type) {
    for (int i = 0; i < count; i++) {
      last = LineageChain.next(last, "e1", type, 6, Instant.parse("2026-11-27T09:00:00Z"), "n", Json.object().put("i", i));
      long ordering = 10L * (journal.size() + 1);
      journal.add(new EventEnvelope(Sequence.apply(ordering), "Bench|e1", last.seq(), new ChainWriter.Written(last), 0L));
      expected.appendData(last.canonicalBytes());
    }
  }

  /** The journal after an offset; it completes, so the log's restarting source polls it. */
  Function<Offset, Source<EventEnvelope, NotUsed>> following(boolean ignoreOffset) {
    return offset -> Source.from(new ArrayList<>(journal))
        .filter(e -> ignoreOffset || ((Sequence) e.offset()).value() > ((Sequence) offset).value());
  }

  ActorRef<TransparencyLog.Command> start(boolean ignoreOffset) {
    return testKit.spawn(TransparencyLog.create(SETTINGS, store, signer, following(ignoreOffset), LateRecords.none(),
        (id, index, size, digest) -> told.add(id + "@" + index + "/" + size + " " + digest), Clock.systemUTC()));
  }

  static <T> T ask(ActorRef<TransparencyLog.Command> log, Function<ActorRef<T>, TransparencyLog.Command> request) {
    var probe = testKit.<T>createTestProbe();
    log.tell(request.apply(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  static TransparencyLog.Status statusOf(ActorRef<TransparencyLog.Command> log) {
    return ask(log, TransparencyLog.GetStatus::new);
  }

  @Test
  void append_thenPublish_checkpointCoversEveryRecordInJournalOrder() throws Exception {
    journal(25, "execution.progress");
    var log = start(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(log).publishedSize() == 25);
    TransparencyLog.Published published = ask(log, TransparencyLog.GetCheckpoint::new);
    Checkpoint checkpoint = Checkpoint.open(published.note(), signer.verifier());
    assertEquals(25, checkpoint.size());
    assertArrayEquals(expected.root(), checkpoint.root());
    assertEquals(List.of(20L, 21L, 22L), store.indexesOf("Bench|e1").values().stream().skip(20).limit(3).toList());
    TransparencyLog.Proof proof = ask(log, r -> new TransparencyLog.ProveInclusion(7, 25, r));
    MerkleTree.verifyInclusion(7, 25, expected.leafHash(7),
        proof.path().stream().map(java.util.Base64.getDecoder()::decode).toList(), checkpoint.root());
    TransparencyLog.Proof refused = ask(log, r -> new TransparencyLog.ProveInclusion(0, 26, r));
    assertEquals("size", refused.refusedParameter());
    testKit.stop(log);
  }

  @Test
  void append_bulk_printsLeavesPerSecond() throws Exception {
    journal(30_000, "execution.progress");
    long start = System.nanoTime();
    var log = start(false);
    await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(log).publishedSize() == 30_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("transparency log: 30,000 records appended (JCS, leaf hash, H2 insert, tree) and checkpointed"
        + " in %.2f s: %,.0f leaves/s%n", seconds, 30_000 / seconds);
    assertArrayEquals(expected.root(), statusRoot(log));
    testKit.stop(log);
  }

  static byte[] statusRoot(ActorRef<TransparencyLog.Command> log) throws ProofVerificationException {
    TransparencyLog.Published published = ask(log, TransparencyLog.GetCheckpoint::new);
    return Checkpoint.parseUnverified(published.note()).root();
  }

  @Test
  void restart_reloadsLeaves_andSkipsEveryRedeliveredOrdering() {
    journal(10, "execution.progress");
    var first = start(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(first).publishedSize() == 10);
    testKit.stop(first);
    journal(5, "execution.progress");
    var second = start(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(second).publishedSize() == 15);
    assertEquals(15, statusOf(second).size());
    assertEquals(15, store.indexesOf("Bench|e1").size());
    assertEquals(store.records(0, 15).size(), 15);
    for (int i = 0; i < 15; i++) {
      assertArrayEquals(expected.leafHash(i), MerkleHash.leaf(store.records(i, i + 1).get(0)), "leaf " + i);
    }
    testKit.stop(second);
  }

  @Test
  void restart_withoutStoredTiles_derivesThem_andResumesFromTheRightEdge() throws Exception {
    journal(1000, "execution.progress");
    var first = start(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(first).publishedSize() == 1000);
    testKit.stop(first);
    assertEquals(LogStore.fullTiles(1000), tileCount());
    try (Connection connection = DriverManager.getConnection(url, "fxg", "")) {
      connection.createStatement().executeUpdate("DELETE FROM fxg_log_tiles");
    }
    journal(300, "execution.progress");
    var second = start(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(second).publishedSize() == 1300);
    assertNull(statusOf(second).alarm());
    assertArrayEquals(expected.root(), statusRoot(second));
    assertEquals(LogStore.fullTiles(1300), tileCount());
    TransparencyLog.Proof proof = ask(second, r -> new TransparencyLog.ProveInclusion(3, 1300, r));
    MerkleTree.verifyInclusion(3, 1300, expected.leafHash(3),
        proof.path().stream().map(java.util.Base64.getDecoder()::decode).toList(), expected.root());
    TransparencyLog.Tile tile = ask(second, r -> new TransparencyLog.GetHashTile(0, 2, 256, r));
    assertArrayEquals(Tiles.hashTile(expected, TilePath.hashes(0, 2, 256)), tile.bytes());
    testKit.stop(second);
  }

  long tileCount() throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "fxg", "");
        var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM fxg_log_tiles")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void reconcile_appendsALateRecordAtTheEnd_once_andARestartResumesAboveTheHighestOrdering() {
    journal(3, "execution.progress");
    LineageRecord lateRecord = LineageChain.next(null, "e2", "execution.completed", 7,
        Instant.parse("2026-11-27T09:00:00Z"), "n", Json.object());
    LogLeaf lateLeaf = LogLeaf.of(15, "Bench|e2", 1, lateRecord);
    List<String> looks = new CopyOnWriteArrayList<>();
    // The journal as the database would answer: ordering 15 committed late, once it is not in the log.
    LateRecords late = (after, upTo, max) -> {
      looks.add(after + ".." + upTo);
      boolean missing = after < 15 && 15 <= upTo && store.indexesOf("Bench|e2").isEmpty();
      return new LateRecords.Found(missing ? List.of(lateLeaf) : List.of(), upTo);
    };
    TransparencyLog.Settings settings = new TransparencyLog.Settings("fxg.test/log", Duration.ofMillis(200),
        Duration.ofMillis(100), Duration.ofMinutes(2));
    var first = testKit.spawn(TransparencyLog.create(settings, store, signer, following(false), late,
        (id, index, size, digest) -> told.add(id + "@" + index + "/" + size), Clock.systemUTC()));
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(first).publishedSize() == 4);
    expected.appendData(lateRecord.canonicalBytes());
    assertEquals(1, statusOf(first).lateRecords());
    assertArrayEquals(expected.root(), statusRootOf(first));
    assertEquals(List.of(3L), List.copyOf(store.indexesOf("Bench|e2").values()));
    assertTrue(told.contains("e2@3/4"), told.toString());
    assertTrue(looks.stream().allMatch(range -> range.equals("0..30")), looks.toString());
    testKit.stop(first);

    journal(2, "execution.progress");
    var second = start(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(second).publishedSize() == 6);
    assertEquals(6, statusOf(second).size());
    assertEquals(5, store.indexesOf("Bench|e1").size());
    testKit.stop(second);
  }

  @Test
  void terminalCovered_withAnEarlierRecordMissing_isToldOnlyOnceThatRecordIsAppended() {
    journal(3, "execution.progress");
    Instant at = Instant.parse("2026-11-27T09:00:00Z");
    LineageRecord first = LineageChain.next(null, "e3", "execution.progress", 6, at, "n", Json.object());
    LineageRecord terminal = LineageChain.next(first, "e3", "execution.completed", 6, at, "n", Json.object());
    // e3 seq 1 (ordering 15) commits late: the stream passes it; seq 2, its terminal record, is read in order.
    journal.add(new EventEnvelope(Sequence.apply(40), "Bench|e3", 2, new ChainWriter.Written(terminal), 0L));
    java.util.concurrent.atomic.AtomicBoolean committed = new java.util.concurrent.atomic.AtomicBoolean();
    LogLeaf lateLeaf = LogLeaf.of(15, "Bench|e3", 1, first);
    LateRecords late = (after, upTo, max) -> new LateRecords.Found(committed.get() && after < 15 && 15 <= upTo
        && store.indexesOf("Bench|e3").get(1L) == null ? List.of(lateLeaf) : List.of(), upTo);
    TransparencyLog.Settings settings = new TransparencyLog.Settings("fxg.test/log", Duration.ofMillis(200),
        Duration.ofMillis(100), Duration.ofMinutes(2));
    var log = testKit.spawn(TransparencyLog.create(settings, store, signer, following(false), late,
        (id, index, size, digest) -> told.add(id + "@" + index + "/" + size), Clock.systemUTC()));
    await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(log).publishedSize() == 4);
    // The terminal record is under a checkpoint, seq 1 is in no leaf: no phase 8, by notice or by lookup.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> told.isEmpty());
    assertTrue(ChainCoverage.coveredIndex(store, "Bench|e3", 2, 4).isEmpty());

    committed.set(true);
    await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(log).publishedSize() == 5);
    await().atMost(Duration.ofSeconds(20)).until(() -> told.equals(List.of("e3@3/5")));
    assertEquals(java.util.Optional.of(3L), ChainCoverage.coveredIndex(store, "Bench|e3", 2, 5));
    assertTrue(ChainCoverage.coveredIndex(store, "Bench|e3", 2, 4).isEmpty(), "seq 1 is leaf 4, above size 4");
    testKit.stop(log);
  }

  static byte[] statusRootOf(ActorRef<TransparencyLog.Command> log) {
    try {
      return statusRoot(log);
    } catch (ProofVerificationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void terminalRecords_areToldWithIndexSizeAndCheckpointDigest() {
    journal(3, "execution.progress");
    journal(1, "execution.completed");
    var log = start(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 1);
    TransparencyLog.Published published = ask(log, TransparencyLog.GetCheckpoint::new);
    assertEquals("e1@3/" + published.size() + " "
        + Digests.digestString(published.note().getBytes(StandardCharsets.UTF_8)), told.get(0));
    testKit.stop(log);
  }

  @Test
  void tamperedLeaf_raisesTheAlarm_andNoCheckpointFollows() throws Exception {
    journal(8, "execution.progress");
    var first = start(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(first).publishedSize() == 8);
    assertNull(statusOf(first).alarm());
    testKit.stop(first);
    try (Connection connection = DriverManager.getConnection(url, "fxg", "")) {
      var update = connection.prepareStatement("UPDATE fxg_log_leaves SET leaf_hash = ? WHERE idx = 3");
      update.setBytes(1, new byte[32]);
      assertEquals(1, update.executeUpdate());
    }
    journal(4, "execution.progress");
    var second = start(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(second).size() == 12);
    TransparencyLog.Status status = statusOf(second);
    assertNotNull(status.alarm());
    assertTrue(status.alarm().contains("do not hash to the root"), status.alarm());
    assertEquals(8, status.publishedSize());
    testKit.stop(second);
  }
}
