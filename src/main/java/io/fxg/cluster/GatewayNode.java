package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIndex;
import io.fxg.execution.ExecutionServices;
import io.fxg.execution.IdempotencyKey;
import io.fxg.http.Authenticator;
import io.fxg.http.ExecutionRoutes;
import io.fxg.http.HealthRoutes;
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
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.persistence.query.PersistenceQuery;
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

  private GatewayNode(ActorSystem<Void> system, ServerBinding binding, NodeHealth health) {
    this.system = system;
    this.binding = binding;
    this.health = health;
  }

  /**
   * Starts a node.
   *
   * @param overrideServices replaces seams (tests only); production passes {@code s -> s}
   */
  public static GatewayNode start(Config rawConfig, UnaryOperator<ExecutionServices> overrideServices) {
    Config config = NodeConfig.derive(rawConfig);
    HttpSettings http = HttpSettings.from(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fxg", config);
    try {
      Cluster cluster = Cluster.get(system);
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);

      String node = cluster.selfMember().address().getHost().get() + ":" + cluster.selfMember().address().getPort().get();
      NodeHealth health = new NodeHealth()
          .register("cluster-member-up", () -> cluster.selfMember().status() == MemberStatus.up())
          .register("journal-writable", new JournalProbe(config.getString("fxg.jdbc.effective-url"),
              config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password")));

      GatewayKeys keys = GatewayKeys.load(keysDir(config), adminJwksFile(config));
      health.register("keys-loaded", () -> keys.signer() != null);
      NodeContext context = NodeContext.of(system, config, http, keys, health, node);

      ExecutionServices services = overrideServices.apply(
          ExecutionServices.failClosed(Clock.systemUTC(), node));

      ClusterSharding sharding = ClusterSharding.get(system);
      sharding.init(Entity.of(Execution.TYPE_KEY,
          ctx -> Execution.create(ctx.getEntityId(), services, ctx.getShard())));
      sharding.init(Entity.of(IdempotencyKey.TYPE_KEY, ctx -> IdempotencyKey.create(ctx.getEntityId())));

      JdbcReadJournal readJournal = PersistenceQuery.get(system)
          .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
      ActorRef<ExecutionIndex.Command> index = system.systemActorOf(
          ExecutionIndex.create(offset -> readJournal.eventsByTag(Execution.LINEAGE_TAG, offset)),
          "execution-index", org.apache.pekko.actor.typed.Props.empty());

      Authenticator authenticator = http.allowUnsigned() ? Authenticator.unsignedForTests() : failClosedAuthenticator();
      ProofWiring.init(context, authenticator);
      List<Route> routes = context.routes();
      routes.add(new HealthRoutes(health).route());
      routes.add(new ExecutionRoutes(system, http, authenticator, index, health).route());
      Route api = HttpApi.combine(routes.toArray(Route[]::new));
      ServerBinding binding = Http.get(system).newServerAt(http.host(), http.port()).bind(api)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      LOG.info("fxg node {} listening on http://{}:{}/", node, http.host(), binding.localAddress().getPort());
      return new GatewayNode(system, binding, health);
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

  /** Until request signatures are verified, every signed call is refused: fail closed. */
  private static Authenticator failClosedAuthenticator() {
    return (request, body) -> {
      if (request.getHeader("Signature").isPresent()) {
        throw new io.fxg.http.ProblemException(401, "signature.unknown-key", "no signature verifier is configured on this node");
      }
      return java.util.Optional.empty();
    };
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  /** The port of this node's cluster (Artery) address, for seed-node lists. */
  public int clusterPort() {
    return Cluster.get(system).selfMember().address().getPort().get();
  }

  public NodeHealth health() {
    return health;
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
