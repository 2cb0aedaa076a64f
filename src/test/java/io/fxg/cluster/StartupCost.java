package io.fxg.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fxg.execution.ExecutionIds;
import io.fxg.identity.GatewayKeys;
import io.fxg.lineage.Lineaged;
import io.fxg.proof.LateRecords;
import io.fxg.proof.LogStore;
import io.fxg.proof.NoteSigner;
import io.fxg.proof.TransparencyLog;
import io.fxg.serialization.Json;
import io.fxg.testkit.ChainWriter;
import io.fxg.testkit.ExecutionWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Start-up cost on a large journal (not part of {@code mvn verify}): {@code generate} writes
 * execution-shaped lineage records ({@link ExecutionWriter}) and brings the transparency log up to
 * date (so a measured start does not append them), {@code measure} starts a node and prints how long
 * it took to answer, to be ready ({@code /health/ready}), and until the search read model and the
 * risk signals had read the journal's last execution. The journal is the node's own
 * ({@code FXG_HOME}, {@code FXG_JDBC_URL} and friends); see {@code docs/reliability.md}.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * export FXG_HOME=/tmp/startup/h2big   # and FXG_JDBC_URL, _USER, _PASSWORD for PostgreSQL
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat cp.txt) io.fxg.cluster.StartupCost generate 1000000
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat cp.txt) io.fxg.cluster.StartupCost measure
 * </pre>
 */
public final class StartupCost {
  /** Executions of the last caller, all denied, written last: the risk signals' catch-up marker. */
  static final int TAIL_DENIALS = 5;
  static final String TAIL_CALLER = "gen/tail";
  static final int BATCH_EXECUTIONS = 100;
  static final int WRITERS = 4;

  private StartupCost() {}

  public static void main(String[] args) throws Exception {
    Config config = config();
    switch (args.length == 0 ? "" : args[0]) {
      case "generate" -> generate(ConfigFactory.parseString(
          "jdbc-journal.circuit-breaker.call-timeout = 120 s\n"
          + "pekko-persistence-jdbc.shared-databases.fxg.db.connectionTimeout = 60000").withFallback(config),
          Long.parseLong(args[1]));
      case "measure" -> measure(config);
      default -> {
        System.err.println("usage: StartupCost generate RECORDS | measure");
        System.exit(2);
      }
    }
    System.exit(0);
  }

  static Config config() {
    return NodeConfig.derive(ConfigFactory.parseString("""
            fxg.http.port = 0
            fxg.cluster.port = 0
            fxg.http.public-read = on
            fxg.governance.risk-window = 7 d
            """).withFallback(ConfigFactory.defaultApplication()).withFallback(ConfigFactory.defaultReference())
        .resolve());
  }

  private static Path marker(Config config) {
    return Path.of(config.getString("fxg.home")).resolve("startup-cost.properties");
  }

  // ---- generate

  static void generate(Config config, long records) throws Exception {
    String url = config.getString("fxg.jdbc.effective-url");
    H2JournalSchema.createIfNotExists(url, config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fxg", config);
    try {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      long started = System.nanoTime();
      String lastId = write(system, records);
      log("wrote %,d records in %.1f s", records, (System.nanoTime() - started) / 1e9);
      Properties marker = new Properties();
      marker.setProperty("records", Long.toString(records));
      marker.setProperty("lastExecution", lastId);
      Files.createDirectories(marker(config).getParent());
      try (var out = Files.newOutputStream(marker(config))) {
        marker.store(out, "written by StartupCost generate");
      }
      catchUpLog(system, config, records);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /** Writes about {@code records} records; the last executions are {@link #TAIL_DENIALS} denials of {@link #TAIL_CALLER}. */
  private static String write(ActorSystem<Void> system, long records) throws Exception {
    List<ActorRef<ExecutionWriter.Write>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(system.systemActorOf(ExecutionWriter.create("w" + w), "writer-" + w, Props.empty()));
    }
    long written = 0;
    long executions = 0;
    List<CompletableFuture<Done>> inFlight = new ArrayList<>();
    String lastId = null;
    long reported = 0;
    while (written < records - 2L * TAIL_DENIALS) {
      List<String> ids = new ArrayList<>();
      List<String> callers = new ArrayList<>();
      StringBuilder shapes = new StringBuilder();
      Instant now = Instant.now();
      while (ids.size() < BATCH_EXECUTIONS && written < records - 2L * TAIL_DENIALS) {
        char shape = executions % 10 == 3 ? 'd' : executions % 10 == 7 ? 'i' : 'c';
        ids.add(ExecutionIds.next(now));
        callers.add("gen/p" + (executions % 1000));
        shapes.append(shape);
        written += ExecutionWriter.recordsOf(shape);
        executions++;
      }
      ActorRef<ExecutionWriter.Write> writer = writers.get((int) (executions / BATCH_EXECUTIONS % WRITERS));
      inFlight.add(AskPattern.<ExecutionWriter.Write, Done>ask(writer,
          r -> new ExecutionWriter.Write(ids, shapes.toString(), callers, now, r),
          Duration.ofSeconds(120), system.scheduler()).toCompletableFuture());
      if (inFlight.size() >= WRITERS) {
        inFlight.remove(0).get(120, TimeUnit.SECONDS);
      }
      if (written - reported >= 100_000) {
        reported = written;
        log("%,d records", written);
      }
    }
    for (CompletableFuture<Done> f : inFlight) {
      f.get(120, TimeUnit.SECONDS);
    }
    for (int i = 0; i < TAIL_DENIALS; i++) {
      lastId = ExecutionIds.next(Instant.now());
      String id = lastId;
      AskPattern.<ExecutionWriter.Write, Done>ask(writers.get(0),
          r -> new ExecutionWriter.Write(List.of(id), "d", List.of(TAIL_CALLER), Instant.now(), r),
          Duration.ofSeconds(60), system.scheduler()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    return lastId;
  }

  /**
   * Appends the journal to the transparency log as a node's log would, but tells no execution
   * about coverage (no entity holds these records). Two rounds of non-terminal records at the end,
   * each in its own checkpoint, so a starting node's log has no terminal record left to tell.
   */
  private static void catchUpLog(ActorSystem<Void> system, Config config, long records) throws Exception {
    LogStore store = LogStore.open(config.getString("fxg.jdbc.effective-url"), config.getString("fxg.jdbc.user"),
        config.getString("fxg.jdbc.password"), 4);
    store.createSchema();
    GatewayKeys keys = GatewayKeys.load(GatewayNode.keysDir(config), GatewayNode.adminJwksFile(config));
    TransparencyLog.Settings settings = TransparencyLog.Settings.from(config);
    NoteSigner signer = NoteSigner.of(settings.origin(), keys.logSeed());
    JdbcReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(JdbcReadJournal.class, ProofWiring.LOG_READ_JOURNAL);
    Serialization serialization = SerializationExtension.get(system);
    LateRecords late = LateRecords.inJournal(store,
        (payload, serializerId, manifest) -> serialization.deserialize(payload, serializerId, manifest).get(),
        Lineaged.TAG);
    ActorRef<TransparencyLog.Command> log = system.systemActorOf(TransparencyLog.create(settings, store, signer,
            offset -> journal.eventsByTag(Lineaged.TAG, offset), late, (id, index, size, digest) -> { }, Clock.systemUTC()),
        "log", Props.empty());
    long started = System.nanoTime();
    awaitPublished(system, log, records);
    log("log caught up with %,d records in %.1f s", records, (System.nanoTime() - started) / 1e9);
    ActorRef<ChainWriter.Write> tail = system.systemActorOf(ChainWriter.create("startup-cost-tail"), "tail", Props.empty());
    for (int round = 1; round <= 2; round++) {
      AskPattern.<ChainWriter.Write, Done>ask(tail, r -> new ChainWriter.Write(3, r), Duration.ofSeconds(30),
          system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      awaitPublished(system, log, records + 3L * round);
    }
    store.close();
  }

  private static void awaitPublished(ActorSystem<Void> system, ActorRef<TransparencyLog.Command> log, long size)
      throws Exception {
    long[] reported = {0};
    // One hour covers a log of millions of records on a loaded machine; an alarm ends the wait at once.
    Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
      TransparencyLog.Status status = AskPattern.<TransparencyLog.Command, TransparencyLog.Status>ask(log,
          TransparencyLog.GetStatus::new, Duration.ofSeconds(30), system.scheduler()).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      if (status.alarm() != null) {
        throw new IllegalStateException("log alarm: " + status.alarm());
      }
      if (status.size() - reported[0] >= 100_000) {
        reported[0] = status.size();
        log("log at %,d", status.size());
      }
      return status.publishedSize() >= size;
    });
  }

  // ---- measure

  static void measure(Config config) throws Exception {
    Properties marker = new Properties();
    try (var in = Files.newInputStream(marker(config))) {
      marker.load(in);
    }
    String lastId = marker.getProperty("lastExecution");
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long t0 = System.nanoTime();
    GatewayNode node = GatewayNode.start(config, services -> services);
    long bound = System.nanoTime() - t0;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI search = URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/executions?limit=1");
    // Nanoseconds from the start until ready, the search index caught up, the risk signals caught up; -1 not yet.
    long[] times = {-1, -1, -1};
    try {
      Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
        long now = System.nanoTime() - t0;
        if (times[0] < 0 && node.health().ready()) {
          times[0] = now;
        }
        if (times[2] < 0 && node.governance().riskSignals().recentDenials(TAIL_CALLER) >= TAIL_DENIALS) {
          times[2] = now;
        }
        if (times[1] < 0 && newest(http, search).equals(lastId)) {
          times[1] = System.nanoTime() - t0;
        }
        return times[0] >= 0 && times[1] >= 0 && times[2] >= 0;
      });
    } catch (ConditionTimeoutException e) {
      // reported as -1 below: that stage did not finish within 30 minutes
    } finally {
      node.close();
    }
    long ready = times[0];
    long indexed = times[1];
    long risk = times[2];
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf("RESULT journal=%s records=%s http-bound=%d ms ready=%d ms index-caught-up=%d ms"
            + " risk-caught-up=%d ms load=%.1f/%.1f at=%s%n",
        config.getString("fxg.jdbc.effective-url").replaceAll(";.*", ""), marker.getProperty("records"),
        bound / 1_000_000, ready / 1_000_000, indexed / 1_000_000, risk / 1_000_000, loadBefore, loadAfter,
        Instant.now());
  }

  /** The id of the most recently updated execution the search returns, or "" (none, or no answer yet). */
  private static String newest(HttpClient http, URI search) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(search).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return "";
      }
      JsonNode executions = Json.mapper().readTree(response.body()).path("executions");
      return executions.size() == 0 ? "" : executions.get(0).path("executionId").asText("");
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void log(String format, Object... args) {
    System.out.printf("%s " + format + "%n", prepend(Instant.now(), args));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
