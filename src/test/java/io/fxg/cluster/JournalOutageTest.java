package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.execution.DispatchOutcome;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.TargetDispatch;
import io.fxg.proof.JournalAudit;
import io.fxg.serialization.Json;
import io.fxg.testkit.FixtureBuilder;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.Journal;
import io.fxg.testkit.StubServices;
import io.fxg.testkit.TcpProxy;
import io.fxg.testkit.TerminalLineages;
import io.fxg.testkit.UnwritableFiles;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;

/**
 * Journal outage under steady load: a node whose PostgreSQL goes away (a {@link TcpProxy} between
 * them is cut, as a stopped server refuses connections) must be not ready within 2 s, refuse new
 * executions with 503, journal nothing and dispatch nothing while the database is gone; once it is
 * back the node is ready again by itself, every accepted execution ends terminal, none was
 * dispatched twice or before its authorization and trust were journaled, and the audit is clean.
 * Runs where {@code .ci/run} sets {@code FXG_OUTAGE_JDBC_URL}; {@code FXG_OUTAGE_SECONDS} sets the
 * outage's length (12 s by default).
 */
class JournalOutageTest {
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/%d\",\"parameters\":{\"amount\":%d},\"maxDurationSeconds\":10}";
  static final Duration NOT_READY_WITHIN = Duration.ofSeconds(2);
  /** A dispatch this soon after the cut may follow a write the database committed just before it. */
  static final Duration IN_FLIGHT_MARGIN = Duration.ofSeconds(1);

  /**
   * How a test takes the journal away and gives it back. {@code rows} counts journal rows from
   * outside (or is null); {@code restart} is null when the node must recover by itself, else it
   * gives the journal a restarted node opens (the node is not expected to recover in process).
   */
  record Fault(String name, Runnable cut, Runnable restore, java.util.concurrent.Callable<Long> rows,
      java.util.concurrent.Callable<Journal> restart) {}

  @Test
  void postgresCut_underLoad_failsClosedAndRecoversByItself() throws Exception {
    String base = System.getenv("FXG_OUTAGE_JDBC_URL");
    assumeTrue(base != null && !base.isBlank(), "runs in .ci/run (FXG_OUTAGE_JDBC_URL names a PostgreSQL database)");
    URI upstream = URI.create(base.substring("jdbc:".length()));
    Journal database = Journal.url(base);
    resetDatabase(database.url(), database.user(), database.password());
    try (TcpProxy proxy = new TcpProxy(upstream.getHost(), upstream.getPort())) {
      Journal viaProxy = Journal.url("jdbc:postgresql://127.0.0.1:" + proxy.port() + upstream.getPath());
      outage(viaProxy, database, new Fault("PostgreSQL, proxy cut", proxy::cut, proxy::restore,
          () -> database.count("SELECT count(*) FROM event_journal"), null));
    }
  }

  /**
   * H2 closes an embedded database whose file refused a write, and keeps it closed in that JVM: the
   * node stays not ready (fail closed) until its process restarts. The restart is simulated by a
   * node opening a copy of the files under a new name, as a new process would open them afresh.
   */
  @Test
  void h2FileUnwritable_underLoad_failsClosedAndRecoversOnRestart() throws Exception {
    UnwritableFiles.install();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("fxg-outage-h2");
    Journal failing = Journal.url("jdbc:h2:" + UnwritableFiles.SCHEME + ":" + dir.resolve("fxg") + ";DB_CLOSE_DELAY=-1");
    java.nio.file.Path restartedDir = dir.resolve("restarted");
    Journal restarted = Journal.h2File(restartedDir);
    try {
      outage(failing, restarted, new Fault("embedded H2 file, writes failing", () -> UnwritableFiles.fail(true),
          () -> UnwritableFiles.fail(false), null, () -> {
            shutdownQuietly(failing);
            java.nio.file.Files.createDirectories(restartedDir);
            java.nio.file.Files.copy(dir.resolve("fxg.mv.db"), restartedDir.resolve("fxg.mv.db"));
            return restarted;
          }));
    } finally {
      UnwritableFiles.fail(false);
    }
  }

  /** Closes the H2 database cleanly if it is open (its files then hold every commit); bounded. */
  static void shutdownQuietly(Journal journal) {
    var shutdown = CompletableFuture.runAsync(() -> {
      try (Connection c = journal.connect(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (java.sql.SQLException e) {
        // already closed by the fault: its files hold what it committed
      }
    });
    try {
      shutdown.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a database stuck closing: the copy is what a restarted process would find
    }
  }

  /**
   * One node on {@code journal} under steady load; {@code fault} cut for {@code FXG_OUTAGE_SECONDS}
   * (12 s by default), then restored; {@code audited} is the journal read at the end (the audit).
   */
  void outage(Journal journal, Journal audited, Fault fault) throws Exception {
    Duration outage = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("FXG_OUTAGE_SECONDS", "12")));
    CountingTarget target = new CountingTarget();
    FixtureBuilder node = GatewayFixture.builder().unsigned()
        .services(services -> StubServices.permitting().apply(services).withDispatch(target)).journal(journal);
    GatewayFixture fixture = node.start();
    try {
      HttpCalls http = fixture.http();
      Load load = new Load(http);
      load.start(2);
      await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= 20);

      Instant cut = Instant.now();
      fault.cut().run();
      long notReadyMs = millisUntil(cut, () -> {
        var ready = http.get("/health/ready");
        return ready.statusCode() != 200 && !HttpCalls.json(ready).path("checks").path("journal-writable").asBoolean(true);
      }, Duration.ofSeconds(10));
      // Writes in flight at the cut settle within the margin; from then on nothing may be journaled.
      notReadyThroughout(http, Duration.between(Instant.now(), cut.plus(IN_FLIGHT_MARGIN)));
      long journaledAtCut = fault.rows() == null ? -1 : fault.rows().call();
      notReadyThroughout(http, Duration.between(Instant.now(), cut.plus(outage)));
      long journaledBeforeRestore = fault.rows() == null ? -1 : fault.rows().call();
      Instant restored = Instant.now();
      fault.restore().run();
      HttpCalls restarted = http;
      if (fault.restart() != null) {
        boolean inProcess = readyWithin(http, Duration.ofSeconds(10));
        System.out.printf("journal outage (%s): ready again in process within 10 s: %s; restarting the node%n",
            fault.name(), inProcess);
        load.stop();
        fixture.close();
        // The same keys and seams on the reopened journal, as the node's process would restart; a
        // restarted node has 90 s to be ready.
        fixture = node.keysDir(fixture.keysDir()).journal(fault.restart().call()).startWithin(Duration.ofSeconds(90))
            .start();
        restarted = fixture.http();
        load.restartOn(restarted);
      }
      HttpCalls recovered = restarted;
      long readyAgainMs = millisUntil(restored, () -> recovered.get("/health/ready").statusCode() == 200, Duration.ofSeconds(90));
      int acceptedAtRestore = load.accepted.size();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= acceptedAtRestore + 10);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("10 executions accepted after the restore; answers by status " + load.byStatus(Instant.MIN, Instant.MAX), e);
      }
      Instant firstAccepted = load.accepted.values().stream().filter(at -> at.isAfter(restored)).min(Instant::compareTo).orElseThrow();
      long firstAcceptedMs = Duration.between(restored, firstAccepted).toMillis();
      load.stop();

      List<String> accepted = new ArrayList<>(load.accepted.keySet());
      Journaled journaled = journaled(recovered, accepted, target);
      Map<String, JsonNode> lineages = journaled.lineages();
      long acceptedDuringOutage = load.accepted.values().stream()
          .filter(at -> at.isAfter(cut.plus(NOT_READY_WITHIN)) && at.isBefore(restored)).count();
      long dispatchedDuringOutage = target.dispatchedBetween(cut.plus(IN_FLIGHT_MARGIN), restored);
      List<String> madeDuringOutage = recordsMadeBetween(lineages, cut.plus(IN_FLIGHT_MARGIN), restored);
      Map<String, Long> statuses = new java.util.TreeMap<>();
      lineages.values().forEach(l -> statuses.merge(terminalType(l), 1L, Long::sum));
      System.out.printf("journal outage (%s for %d s): not ready after %d ms; ready again %d ms and first execution"
              + " accepted %d ms after the journal returned" + (fault.restart() == null ? "" : " (node restarted)") + "; %d executions accepted (%d during the outage), %d refused with"
              + " 503 during it; journal rows %d at the cut and %d before the restore; %d records made and %d dispatches"
              + " during the outage; %d journaled executions, terminal records %s; answers between the restore and the"
              + " first acceptance by status %s%n",
          fault.name(), outage.toSeconds(), notReadyMs, readyAgainMs, firstAcceptedMs, accepted.size(), acceptedDuringOutage,
          load.refusedBetween(cut.plus(NOT_READY_WITHIN), restored), journaledAtCut, journaledBeforeRestore,
          madeDuringOutage.size(), dispatchedDuringOutage, lineages.size(), statuses, load.byStatus(restored, firstAccepted));
      assertTrue(notReadyMs <= NOT_READY_WITHIN.toMillis(), "not ready after " + notReadyMs + " ms");
      assertEquals(0, acceptedDuringOutage, "executions accepted while the journal was gone");
      assertTrue(load.refusedBetween(cut.plus(NOT_READY_WITHIN), restored) > 0, "new executions were refused with 503");
      assertEquals(journaledAtCut, journaledBeforeRestore, "journal rows written while the journal was gone");
      assertEquals(List.of(), madeDuringOutage, "lineage records made while the journal was gone");
      assertEquals(0, dispatchedDuringOutage, "dispatches while the journal was gone");
      assertEquals(List.of(), CountingTarget.violations(journaled.dispatches(), lineages), "dispatch invariants");
      var audit = audit(fixture.node(), audited);
      assertTrue(audit.ok(), audit.findings().toString());
    } finally {
      fixture.close();
    }
  }

  /** Each journaled execution's terminal lineage, and the dispatches seen when the last was read. */
  record Journaled(Map<String, JsonNode> lineages, Map<String, List<Instant>> dispatches) {}

  /**
   * The terminal lineage of every accepted execution and of every dispatched one. A submit whose
   * answer was lost in the cut (the caller saw a time-out or {@code 503 unavailable}) may still have
   * been journaled: its entity, stopped by the failed write, is restarted later and dispatches it
   * then, possibly after the load stopped. So the set grows until every dispatch seen has its
   * lineage read, within one deadline.
   */
  static Journaled journaled(HttpCalls node, List<String> accepted, CountingTarget target) {
    Instant deadline = Instant.now().plusSeconds(150);
    Map<String, JsonNode> lineages = new java.util.HashMap<>();
    while (true) {
      Map<String, List<Instant>> dispatches = target.snapshot();
      java.util.Set<String> wanted = new java.util.LinkedHashSet<>(accepted);
      wanted.addAll(dispatches.keySet());
      List<String> unread = wanted.stream().filter(id -> !lineages.containsKey(id)).toList();
      if (unread.isEmpty()) {
        return new Journaled(lineages, dispatches);
      }
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative()) {
        throw new AssertionError(unread.size() + " journaled executions without a terminal lineage: " + unread);
      }
      lineages.putAll(TerminalLineages.await(path -> node.get(path, "Fxg-Test-Caller", "admin/root"), unread, left));
    }
  }

  /** Records (execution id, seq, type) whose time lies in [from, to): made while the journal was gone. */
  static List<String> recordsMadeBetween(Map<String, JsonNode> lineages, Instant from, Instant to) {
    List<String> made = new ArrayList<>();
    lineages.forEach((id, lineage) -> {
      for (JsonNode record : lineage.path("records")) {
        Instant at = Instant.parse(record.path("at").asText());
        if (!at.isBefore(from) && at.isBefore(to)) {
          made.add(id + " seq " + record.path("seq").asText() + " " + record.path("type").asText() + " at " + at);
        }
      }
    });
    return made;
  }

  /**
   * Empties the test's own database (its schema {@code public}): pekko-persistence-jdbc's schema
   * names {@code public} explicitly, so a run cannot use a schema of its own, and a journal left
   * by an earlier run would be audited with this one.
   */
  static void resetDatabase(String url, String user, String password) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  static boolean readyWithin(HttpCalls http, Duration period) {
    try {
      await().atMost(period).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> http.get("/health/ready").statusCode() == 200);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /** Asserts the node stays not ready for {@code period} (polled every 200 ms). */
  static void notReadyThroughout(HttpCalls http, Duration period) {
    if (period.isNegative() || period.isZero()) {
      return;
    }
    await().during(period).atMost(period.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> http.get("/health/ready").statusCode() != 200);
  }

  /** Milliseconds from {@code from} until {@code condition} holds, polled every 50 ms. */
  static long millisUntil(Instant from, java.util.concurrent.Callable<Boolean> condition, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(condition);
    return Duration.between(from, Instant.now()).toMillis();
  }

  static String terminalType(JsonNode lineage) {
    String type = "none";
    for (JsonNode record : lineage.path("records")) {
      if (io.fxg.execution.Execution.TERMINAL_TYPES.contains(record.path("type").asText())) {
        type = record.path("type").asText() + " " + record.path("data").path("reason").asText("");
      }
    }
    return type.trim();
  }

  static JournalAudit.Summary audit(GatewayNode node, Journal journal) throws Exception {
    Serialization serialization = SerializationExtension.get(node.system());
    return new JournalAudit(journal.url(), journal.user(), journal.password(),
        (payload, id, manifest) -> serialization.deserialize(payload, id, manifest).get(), null, line -> {}).run();
  }

  /** One submit's answer: its HTTP status (0 when none came) and, for a problem, its type. */
  record Answer(Instant at, int status, String problem) {
    String kind() {
      return problem.isEmpty() ? String.valueOf(status) : status + " " + problem;
    }
  }

  /** Submits executions back to back on {@code threads} threads; keeps what was accepted and refused, and when. */
  static final class Load {
    final Map<String, Instant> accepted = new ConcurrentHashMap<>();
    /** Every answer, with its HTTP status (0: no answer) and time. */
    final List<Answer> answers = new CopyOnWriteArrayList<>();
    private volatile HttpCalls http;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    Load(HttpCalls http) {
      this.http = http;
    }

    void start(int count) {
      for (int t = 0; t < count; t++) {
        Thread thread = new Thread(this::run, "outage-load-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    private void run() {
      int i = 0;
      while (running.get()) {
        try {
          var response = http.post("/v1/executions", String.format(BODY, i, i), "Fxg-Test-Caller", "partner-a/agent-7");
          Instant answered = Instant.now();
          answers.add(new Answer(answered, response.statusCode(), response.statusCode() < 300 ? ""
              : HttpCalls.json(response).path("type").asText("").replace("urn:fxg:problem:", "")));
          if (response.statusCode() == 202 || response.statusCode() == 200) {
            accepted.put(HttpCalls.json(response).get("executionId").asText(), answered);
          }
        } catch (RuntimeException e) {
          answers.add(new Answer(Instant.now(), 0, "")); // a timed-out call is neither accepted nor refused
        }
        i++;
        pause();
      }
    }

    private static void pause() {
      try {
        TimeUnit.MILLISECONDS.sleep(50); // the load's pace, not a wait for an outcome
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long refusedBetween(Instant from, Instant to) {
      return answers.stream().filter(a -> a.status() == 503 && a.at().isAfter(from) && a.at().isBefore(to)).count();
    }

    /** How many answers of each status and problem type came in (from, to). */
    Map<String, Long> byStatus(Instant from, Instant to) {
      Map<String, Long> counts = new java.util.TreeMap<>();
      answers.stream().filter(a -> a.at().isAfter(from) && a.at().isBefore(to)).forEach(a -> counts.merge(a.kind(), 1L, Long::sum));
      return counts;
    }

    /** Submits to {@code node} from now on (after a stop). */
    void restartOn(HttpCalls node) {
      http = node;
      running.set(true);
      int count = threads.size();
      threads.clear();
      start(count);
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(40));
      }
    }
  }

  /**
   * The target as the node sees it: counts every dispatch per execution, with its time, and
   * answers {@code completed} after 300 ms (every fourth execution after 4 s), so executions are
   * running when the journal goes, and some learn their outcome while it is gone.
   */
  static final class CountingTarget implements TargetDispatch {
    final Map<String, List<Instant>> dispatches = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact) {
      dispatches.computeIfAbsent(intent.executionId(), id -> new CopyOnWriteArrayList<>()).add(Instant.now());
      long millis = intent.resource().hashCode() % 4 == 0 ? 4000 : 300;
      return CompletableFuture.supplyAsync(() -> new DispatchOutcome.Completed(Json.object().put("invoice", 1)),
          CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletionStage<String> cancel(ExecutionIntent intent, String reason) {
      return CompletableFuture.completedFuture("cancelled");
    }

    long dispatchedBetween(Instant from, Instant to) {
      return dispatches.values().stream().flatMap(List::stream).filter(at -> at.isAfter(from) && at.isBefore(to)).count();
    }

    /** The dispatches seen so far, each execution's times copied: what {@link #violations} judges. */
    Map<String, List<Instant>> snapshot() {
      Map<String, List<Instant>> copy = new java.util.TreeMap<>();
      dispatches.forEach((id, times) -> copy.put(id, List.copyOf(times)));
      return copy;
    }

    /** Executions dispatched twice, or before authorization.issued and trust.activated were journaled. */
    static List<String> violations(Map<String, List<Instant>> dispatches, Map<String, JsonNode> lineages) {
      List<String> violations = new ArrayList<>();
      dispatches.forEach((id, times) -> {
        if (times.size() > 1) {
          violations.add(id + " dispatched " + times.size() + " times");
        }
        JsonNode lineage = lineages.get(id);
        if (lineage == null) {
          violations.add(id + " dispatched but not among the accepted executions");
          return;
        }
        for (String required : List.of("authorization.issued", "trust.activated")) {
          Instant at = recordedAt(lineage, required);
          if (at == null || at.isAfter(times.get(0))) {
            violations.add(id + " dispatched at " + times.get(0) + " without " + required + " journaled before (" + at + ")");
          }
        }
      });
      return violations;
    }

    static Instant recordedAt(JsonNode lineage, String type) {
      for (JsonNode record : lineage.path("records")) {
        if (record.path("type").asText().equals(type)) {
          return Instant.parse(record.path("at").asText());
        }
      }
      return null;
    }
  }
}
