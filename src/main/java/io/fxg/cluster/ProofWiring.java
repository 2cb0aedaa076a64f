package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.execution.Execution;
import io.fxg.http.Authenticator;
import io.fxg.http.LogRoutes;
import io.fxg.http.ProofRoutes;
import io.fxg.lineage.Lineaged;
import io.fxg.proof.ChainCoverage;
import io.fxg.proof.CosignatureStore;
import io.fxg.proof.LateRecords;
import io.fxg.proof.LogStore;
import io.fxg.proof.NoteSigner;
import io.fxg.proof.TransparencyLog;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Wires the transparency log into a node: its tables, the {@link TransparencyLog} cluster
 * singleton (on the blocking dispatcher, restarted with backoff after a failure, which reloads it
 * from its tables), phase 8 through {@code Execution.ProofCovered}, the {@code /v1/log} and proof
 * routes, the {@code log-consistent} health check and the log's gauges. Check and gauges reflect
 * the singleton's status on every node, polled every {@value #STATUS_POLL_SECONDS} s: an
 * inconsistent log makes every node refuse new executions (fail closed), since none of them could
 * reach phase 8.
 */
public final class ProofWiring {
  static final int STATUS_POLL_SECONDS = 2;
  private static final int STORE_CONNECTIONS = 4;
  /** The read journal plugin the log follows (application.conf): jdbc-read-journal, larger batches. */
  static final String LOG_READ_JOURNAL = "fxg-log-read-journal";

  private ProofWiring() {}

  /**
   * Starts the log's part of a node; its routes are added to {@code context.routes()}, its gauges
   * (log size, checkpoint size and age, consistency) to {@code metrics}.
   */
  /** Opens the log's tables (created when absent); closed in coordinated shutdown. */
  public static LogStore openStore(NodeContext context) {
    Config config = context.config();
    LogStore store = LogStore.open(config.getString("fxg.jdbc.effective-url"), config.getString("fxg.jdbc.user"),
        config.getString("fxg.jdbc.password"), STORE_CONNECTIONS);
    CoordinatedShutdown.get(context.system()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-log-store", () -> {
          store.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    store.createSchema();
    return store;
  }

  /** The table of peer witnesses' cosignatures, beside the log's (created when absent). */
  public static CosignatureStore openCosignatures(LogStore store) {
    CosignatureStore cosignatures = new CosignatureStore(store);
    cosignatures.createSchema();
    return cosignatures;
  }

  /**
   * Whether the latest published checkpoint covers a record of an execution and every earlier
   * record of it ({@link ChainCoverage}), from the log's tables (any node can answer), on the
   * blocking dispatcher.
   */
  public static io.fxg.execution.ProofLookup lookup(LogStore store, ActorSystem<?> system) {
    java.util.concurrent.Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return (executionId, seq) -> CompletableFuture.supplyAsync(() -> store.latestCheckpoint().flatMap(checkpoint -> {
      String persistenceId = Execution.TYPE_KEY.name() + "|" + executionId;
      return ChainCoverage.coveredIndex(store, persistenceId, seq, checkpoint.size()).map(index ->
          new Execution.ProofCovered(index, checkpoint.size(), io.fxg.crypto.Digests.digestString(
              checkpoint.note().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }), blocking);
  }

  /** The log's note verifier key, {@code <origin>+<keyhash>+<key>}, as {@code /v1/log/key} serves it. */
  public static String logVerifierKey(NodeContext context) {
    return NoteSigner.of(TransparencyLog.Settings.from(context.config()).origin(), context.keys().logSeed())
        .verifier().verifierKey();
  }

  public static ActorRef<TransparencyLog.Command> init(NodeContext context, LogStore store,
      CosignatureStore cosignatures, Authenticator authenticator, PrometheusRegistry metrics,
      io.fxg.http.ProofRoutes.PeerProofs peerProofs) {
    ActorSystem<Void> system = context.system();
    Config config = context.config();

    TransparencyLog.Settings settings = TransparencyLog.Settings.from(config);
    NoteSigner signer = NoteSigner.of(settings.origin(), context.keys().logSeed());
    JdbcReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(JdbcReadJournal.class, LOG_READ_JOURNAL);
    ClusterSharding sharding = ClusterSharding.get(system);
    TransparencyLog.Coverage coverage = (executionId, logIndex, treeSize, digest) -> sharding
        .entityRefFor(Execution.TYPE_KEY, executionId)
        .tell(new Execution.ProofCovered(logIndex, treeSize, digest));
    Serialization serialization = SerializationExtension.get(system);
    LateRecords late = LateRecords.inJournal(store,
        (payload, serializerId, manifest) -> serialization.deserialize(payload, serializerId, manifest).get(),
        Lineaged.TAG);
    Behavior<TransparencyLog.Command> behavior = Behaviors.supervise(TransparencyLog.create(settings, store, signer,
            offset -> journal.eventsByTag(Lineaged.TAG, offset), late, coverage, Clock.systemUTC()))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2));
    ActorRef<TransparencyLog.Command> log = ClusterSingleton.get(system).init(
        SingletonActor.of(behavior, "transparency-log").withProps(DispatcherSelector.blocking()));

    AtomicReference<TransparencyLog.Status> status =
        new AtomicReference<>(new TransparencyLog.Status(0, 0, 0, null, 0));
    Duration poll = Duration.ofSeconds(STATUS_POLL_SECONDS);
    system.scheduler().scheduleWithFixedDelay(poll, poll, () -> AskPattern
        .<TransparencyLog.Command, TransparencyLog.Status>ask(log, TransparencyLog.GetStatus::new, poll, system.scheduler())
        .thenAccept(status::set), system.executionContext());
    context.health().register("log-consistent", () -> status.get().alarm() == null);
    registerMetrics(metrics, status);

    String verifierKey = signer.verifier().verifierKey();
    context.routes().add(new LogRoutes(system, context.http(), log, store, cosignatures, verifierKey).route());
    context.routes().add(new ProofRoutes(system, context.http(), authenticator, log, store,
        context.keys().jwks(), verifierKey, cosignatures, config.getInt("fxg.log.witness-quorum"), peerProofs).route());
    return log;
  }

  private static void registerMetrics(PrometheusRegistry metrics, AtomicReference<TransparencyLog.Status> status) {
    GaugeWithCallback.builder().name("fxg_log_size").help("leaves in the transparency log")
        .callback(gauge -> gauge.call(status.get().size())).register(metrics);
    GaugeWithCallback.builder().name("fxg_log_checkpoint_size").help("tree size of the latest published checkpoint")
        .callback(gauge -> gauge.call(status.get().publishedSize())).register(metrics);
    GaugeWithCallback.builder().name("fxg_log_checkpoint_age_seconds").help("age of the latest published checkpoint")
        .callback(gauge -> {
          long at = status.get().publishedAtMillis();
          if (at > 0) {
            gauge.call(Math.max(0, System.currentTimeMillis() - at) / 1000.0);
          }
        }).register(metrics);
    GaugeWithCallback.builder().name("fxg_log_consistent")
        .help("1 while every checkpoint is consistent with the previous one; 0 once publication stopped on an alarm")
        .callback(gauge -> gauge.call(status.get().alarm() == null ? 1 : 0)).register(metrics);
    CounterWithCallback.builder().name("fxg_log_late_records")
        .help("journal records the log's stream skipped (committed late) and reconciliation appended at the end,"
            + " by the current log writer")
        .callback(counter -> counter.call(status.get().lateRecords())).register(metrics);
  }
}
