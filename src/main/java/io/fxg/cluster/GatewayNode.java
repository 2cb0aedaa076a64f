package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIndex;
import io.fxg.execution.ExecutionServices;
import io.fxg.execution.IdempotencyKey;
import io.fxg.http.Authenticator;
import io.fxg.http.ExecutionRoutes;
import io.fxg.http.HealthRoutes;
import io.fxg.http.MetricsRoutes;
import io.fxg.http.ClusterRoutes;
import io.fxg.http.GatewayHttpClient;
import io.fxg.proof.LogStore;
import io.fxg.projection.ProjectionStatus;
import io.fxg.http.TargetHttpDispatch;
import io.fxg.execution.TargetDispatch;
import io.fxg.mcp.McpGateway;
import io.fxg.serialization.Json;
import io.fxg.http.HttpApi;
import io.fxg.http.HttpSettings;
import io.fxg.http.NodeHealth;
import io.fxg.identity.GatewayKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import io.fxg.monitor.ClusterHealthMonitor;
import io.fxg.monitor.AttestationMonitor;
import io.fxg.monitor.ExecutionSupervisor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node: the ActorSystem (cluster provider; a node without seed nodes joins itself),
 * the journal schema, every sharded entity and singleton, the read models and the HTTP server.
 * Every {@code init} of the system happens here, in one place.
 */
public final class GatewayNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final NodeHealth health;
  private final ActorRef<ExecutionSupervisor.Command> supervisor;
  private final GovernanceWiring.Wired governance;
  private final GatewayKeys keys;
  private final io.fxg.identity.LiveTrust trust;
  private final WitnessWiring.Witness witness;

  private GatewayNode(ActorSystem<Void> system, ServerBinding binding, NodeHealth health,
      ActorRef<ExecutionSupervisor.Command> supervisor, GovernanceWiring.Wired governance, GatewayKeys keys,
      io.fxg.identity.LiveTrust trust, WitnessWiring.Witness witness) {
    this.system = system;
    this.binding = binding;
    this.health = health;
    this.supervisor = supervisor;
    this.governance = governance;
    this.keys = keys;
    this.trust = trust;
    this.witness = witness;
  }

  /**
   * Starts a node.
   *
   * @param overrideServices replaces seams (tests only); production passes {@code s -> s}
   */
  public static GatewayNode start(Config rawConfig, UnaryOperator<ExecutionServices> overrideServices) {
    return start(rawConfig, overrideServices, context -> null);
  }

  /**
   * Starts a node that also serves routes of the starting process (the demo's controls).
   *
   * @param extraRoutes called once while the node starts; null from it adds nothing
   */
  public static GatewayNode start(Config rawConfig, UnaryOperator<ExecutionServices> overrideServices,
      Function<NodeContext, Route> extraRoutes) {
    return start(rawConfig, overrideServices, extraRoutes, Clock.systemUTC());
  }

  /**
   * Starts a node on {@code clock} (tests: a node whose clock is skewed); production uses the
   * system clock.
   */
  public static GatewayNode start(Config rawConfig, UnaryOperator<ExecutionServices> overrideServices,
      Function<NodeContext, Route> extraRoutes, Clock clock) {
    Config config = NodeConfig.derive(rawConfig);
    HttpSettings http = HttpSettings.from(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fxg", config);
    closeOutboundPoolsBeforeTerminating(system);
    try {
      Cluster cluster = Cluster.get(system);
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      H2JournalSchema.createIfNotExists(config.getString("fxg.jdbc.effective-url"),
          config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password"));
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      ProjectionWiring.createSchema(config);

      String node = cluster.selfMember().address().getHost().get() + ":" + cluster.selfMember().address().getPort().get();
      var journalPool = ((SlickExtensionImpl) SlickExtension.get(system)).database(config.getConfig("jdbc-journal"))
          .database().source();
      JournalProbe journal = new JournalProbe(journalPool::createConnection, node,
          config.getDuration("fxg.jdbc.probe-timeout")).start(config.getDuration("fxg.jdbc.probe-interval"));
      system.getWhenTerminated().thenRun(journal::close);
      NodeHealth health = new NodeHealth()
          .register("cluster-member-up", () -> cluster.selfMember().status() == MemberStatus.up())
          .register("journal-writable", journal);

      GatewayKeys keys = GatewayKeys.load(keysDir(config), adminJwksFile(config));
      health.register("keys-loaded", () -> keys.signer() != null);
      NodeContext context = NodeContext.of(system, config, http, keys, health, node, clock);
      IdentityWiring.Identity identity = IdentityWiring.install(context);
      GovernanceWiring.Wired governance = GovernanceWiring.install(context, identity.authenticator(),
          GovernanceWiring.environmentTrust(identity.view()), identity.view());

      GatewayHttpClient outbound = new GatewayHttpClient(system, keys.signer(), config.getDuration("fxg.dispatch.timeout"));
      TargetHttpDispatch contract = new TargetHttpDispatch(outbound, target ->
          identity.view().get().environment(target.id()).map(e -> e.environment().endpoint()));
      McpGateway mcp = new McpGateway(system, config, keys, clock);
      io.fxg.federation.PeerClient peers = new io.fxg.federation.PeerClient(system, keys.signer(),
          config.getString("fxg.peers.name"), identity.view(), config.getDuration("fxg.peers.call-timeout"));
      TargetDispatch dispatch = new io.fxg.federation.PeerDispatch(mcp.dispatch(contract, identity.view()), peers, clock);
      LogStore logStore = ProofWiring.openStore(context);
      ExecutionServices seams = overrideServices.apply(governance.applyTo(ExecutionServices.failClosed(clock, node))
          .withTrust(new io.fxg.federation.PeerTrust(identity.trust(), peers)).withDispatch(dispatch)
          .withProofs(ProofWiring.lookup(logStore, system))
          .withPeers(new io.fxg.federation.HttpPeerLinks(peers, config.getDuration("fxg.peers.check-interval"),
              config.getDuration("fxg.peers.max-silence"))));
      ActorRef<ExecutionSupervisor.Command> supervisor = system.systemActorOf(
          ExecutionSupervisor.create(seams.governance()), "execution-supervisor", Props.empty());
      IdentityWiring.interruptOnTrustChanges(system, identity, supervisor);
      governance.policy().onActivated(version -> supervisor.tell(new ExecutionSupervisor.PolicyCommitted(version)));
      AtomicBoolean quorum = new AtomicBoolean(false);
      system.systemActorOf(ClusterHealthMonitor.create(supervisor, quorum), "cluster-health-monitor", Props.empty());
      health.register("cluster-quorum", quorum::get);
      system.systemActorOf(AttestationMonitor.create(supervisor, seams.trust(), clock), "attestation-monitor", Props.empty());
      NodeMetrics metrics = new NodeMetrics();
      ExecutionServices services = seams.withObserver(
          ExecutionSupervisor.observer(supervisor).andThen(metrics).andThen(seams.observer()));

      ClusterSharding sharding = ClusterSharding.get(system);
      sharding.init(Entity.of(Execution.TYPE_KEY,
              ctx -> Execution.create(ctx.getEntityId(), services, ctx.getShard()))
          .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
      sharding.init(Entity.of(IdempotencyKey.TYPE_KEY, ctx -> IdempotencyKey.create(ctx.getEntityId())));
      health.register("execution-shards", ShardingProbe.start(system, Execution.TYPE_KEY.name(),
          config.getDuration("fxg.jdbc.probe-interval"), config.getDuration("fxg.jdbc.probe-timeout")));

      ProjectionStatus indexStatus = new ProjectionStatus();
      ActorRef<ExecutionIndex.Command> index = system.systemActorOf(
          ExecutionIndex.create(ProjectionWiring.lineage(context, ExecutionIndex.PROJECTION, indexStatus),
              config.getInt("fxg.executions.index-size"), indexStatus),
          "execution-index", Props.empty());

      Authenticator authenticator = identity.authenticator();
      io.fxg.proof.CosignatureStore cosignatures = ProofWiring.openCosignatures(logStore);
      ProofWiring.init(context, logStore, cosignatures, authenticator, metrics.registry(),
          new io.fxg.federation.PeerProofFetcher(peers));
      WitnessWiring.Witness witness = WitnessWiring.install(context, cosignatures, identity.view(), metrics.registry());
      ConsoleWiring.init(context, authenticator, identity.view(), WitnessWiring.consoleState(system, http.askTimeout()));
      Route extra = extraRoutes.apply(context);
      if (extra != null) {
        context.routes().add(extra);
      }
      List<Route> routes = context.routes();
      routes.add(new HealthRoutes(health).route());
      routes.add(new MetricsRoutes(metrics::scrape).route());
      routes.add(new ClusterRoutes(system, http, authenticator).route());
      context.status().put("ready", () -> Json.toTree(health.evaluate()));
      context.status().put("policy", () -> {
        var snapshot = governance.policy().snapshot();
        var policy = Json.object().put("synced", snapshot.synced());
        if (snapshot.active() != null) {
          policy.put("version", snapshot.active().version()).put("digest", snapshot.active().digest());
        }
        if (snapshot.committed() != null) {
          policy.put("committedVersion", snapshot.committed().version());
        }
        return policy;
      });
      context.status().put("liveExecutions", () -> Json.toTree(metrics.liveCount()));
      context.status().put("monitors", () -> Json.object().put("cluster-health", quorum.get() ? "quorum" : "no-quorum")
          .put("attestation", "re-checks every " + AttestationMonitor.TICK.toSeconds() + " s").put("deadline", "in-entity timers").put("scope", "on every report"));
      system.systemActorOf(NodeStatus.create(node, context.status()), "node-status", Props.empty());
      routes.add(new ExecutionRoutes(system, http, authenticator, index, health, metrics::reportRejected,
          identity.view()).route());
      routes.addAll(mcp.routes(http, authenticator, identity.view(), keys, governance.policy()::synced, health,
          config.getString("fxg.issuer")));
      Route api = HttpApi.combine(routes.toArray(Route[]::new));
      var server = Http.get(system).newServerAt(http.host(), http.port());
      var https = io.fxg.http.HttpsSettings.from(config);
      if (https.isPresent()) {
        server = server.enableHttps(https.get());
      }
      ServerBinding binding = server.bind(api)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      LOG.info("fxg node {} listening on {}://{}:{}/", node, https.isPresent() ? "https" : "http", http.host(),
          binding.localAddress().getPort());
      return new GatewayNode(system, binding, health, supervisor, governance, keys, identity.view(), witness);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("the node could not start: " + e.getMessage(), e);
    }
  }

  static Path keysDir(Config config) {
    String dir = config.getString("fxg.keys.dir");
    return dir.isBlank() ? Path.of(config.getString("fxg.home")).resolve("keys") : Path.of(dir);
  }

  static Path adminJwksFile(Config config) {
    String file = config.getString("fxg.admin.jwks-file");
    return file.isBlank() ? null : Path.of(file);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  /** This node's execution supervisor (monitors publish trust signals through it). */
  public ActorRef<ExecutionSupervisor.Command> supervisor() {
    return supervisor;
  }

  /** The Artery (cluster) port this node bound, for seed-node lists of nodes joining it. */
  public int clusterPort() {
    return Cluster.get(system).selfMember().address().getPort().get().intValue();
  }

  /** The gateway's JWKS, as {@code /.well-known/jwks.json} serves it. */
  public String keysJwks() {
    return keys.jwks().toString();
  }

  public NodeHealth health() {
    return health;
  }

  /** The node's live trust view (domains, revocations, peers). */
  public io.fxg.identity.LiveTrust trust() {
    return trust;
  }

  /** This gateway as a witness of its peers' logs: its verifier key and alarms. */
  public WitnessWiring.Witness witness() {
    return witness;
  }

  /** This node's governance: the seams, its local policy view, activation control. */
  public GovernanceWiring.Wired governance() {
    return governance;
  }

  /**
   * Shuts the outbound connection pools (targets, peers, tool servers) down in the last phase
   * before the actor system terminates, however it terminates ({@link #close}, SIGTERM). A pool
   * still open then was logged by Pekko's standard-output logger, after logback had stopped, as
   * {@code [ERROR] ... connection pool ... has shut down unexpectedly} with a stack trace: on the
   * terminal at the end of {@code scripts/bench} and the demo.
   */
  private static void closeOutboundPoolsBeforeTerminating(ActorSystem<?> system) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "fxg-outbound-pools",
        () -> Http.get(system).shutdownAllConnectionPools().thenApply(unit -> Done.getInstance()));
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("node did not terminate cleanly: {}", e.getMessage());
    }
  }
}
