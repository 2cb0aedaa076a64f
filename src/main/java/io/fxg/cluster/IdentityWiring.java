package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.execution.TrustActivation;
import io.fxg.http.AdminDomainRoutes;
import io.fxg.http.AdminPeerRoutes;
import io.fxg.http.Authenticator;
import io.fxg.http.FederationRoutes;
import io.fxg.http.GatewayHttpClient;
import io.fxg.http.IdentityRoutes;
import io.fxg.http.SignatureAuthenticator;
import io.fxg.identity.AttestationClient;
import io.fxg.identity.Attestations;
import io.fxg.identity.Domain;
import io.fxg.identity.Ids;
import io.fxg.identity.KeyRateLimiter;
import io.fxg.identity.LiveTrust;
import io.fxg.identity.NonceStore;
import io.fxg.identity.Peer;
import io.fxg.identity.Revocations;
import io.fxg.identity.TrustRegistry;
import io.fxg.identity.TrustUpdate;
import io.fxg.monitor.ExecutionSupervisor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import scala.concurrent.ExecutionContextExecutor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * Wires identity and trust federation (Layer 1) into a node: the trust-update topic, the sharded
 * {@link Domain}, {@link Revocations} and {@link Peer} entities, the durable {@link NonceStore}
 * (claims on the {@value #NONCE_DISPATCHER} dispatcher, expired nonces swept), the node's {@link
 * TrustRegistry} (readiness waits for it to load), the request {@link Authenticator}, phase 4 {@link
 * Attestations}, and the admin (domains, revocations, peers), JWKS, federation-bundle and
 * {@code /v1/peers/self} routes.
 */
public final class IdentityWiring {
  /** The dispatcher (reference.conf) that runs the nonce store's blocking JDBC, apart from actors. */
  static final String NONCE_DISPATCHER = "fxg-nonce-dispatcher";
  private static final Logger LOG = LoggerFactory.getLogger(IdentityWiring.class);

  private IdentityWiring() {}

  /**
   * What the rest of the node uses.
   *
   * @param authenticator verifies signed requests ({@code Fxg-Test-Caller} instead when {@code
   *     fxg.http.allow-unsigned} is on, tests only)
   * @param registry subscribe to {@link io.fxg.identity.TrustChange}s with {@link TrustRegistry.Subscribe}
   */
  public record Identity(Authenticator authenticator, TrustActivation trust, LiveTrust view,
      ActorRef<TrustRegistry.Command> registry) {}

  public static Identity install(NodeContext context) {
    ActorSystem<Void> system = context.system();
    Config config = context.config();
    Clock clock = context.clock();
    String node = context.node();
    ActorRef<Topic.Command<TrustUpdate>> topic = system.systemActorOf(
        Topic.create(TrustUpdate.class, TrustRegistry.TOPIC), "trust-updates", Props.empty());

    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(Domain.TYPE_KEY, ctx -> Domain.create(ctx.getEntityId(), clock, node, topic)));
    sharding.init(Entity.of(Revocations.TYPE_KEY, ctx -> Revocations.create(clock, node, topic)));
    sharding.init(Entity.of(Peer.TYPE_KEY, ctx -> Peer.create(ctx.getEntityId(), clock, node, topic)));

    JdbcReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    LiveTrust live = new LiveTrust();
    ActorRef<TrustRegistry.Command> registry = system.systemActorOf(TrustRegistry.create(live, topic,
        new TrustRegistry.Journal(offset -> journal.currentEventsByTag(Domain.TRUST_TAG, offset),
            offset -> journal.eventsByTag(Domain.TRUST_TAG, offset))), "trust-registry", Props.empty());
    context.health().register("trust-registry-loaded", live::loaded);

    KeyRateLimiter limiter = KeyRateLimiter.create(config.getDouble("fxg.http.rate-limit-per-second"),
        config.getDouble("fxg.http.rate-limit-burst"));
    SignatureAuthenticator.NonceCheck nonces = nonceCheck(context, clock);
    Authenticator authenticator = context.http().allowUnsigned() ? Authenticator.unsignedForTests()
        : new SignatureAuthenticator(live, context.keys().admins(), nonces, limiter, clock, context.http().maxClockSkew());

    context.routes().add(new IdentityRoutes(context.keys()).route());
    context.routes().add(new FederationRoutes(live, context.keys().signer(), config.getString("fxg.issuer"), clock).route());
    context.routes().add(new AdminDomainRoutes(system, context.http(), authenticator, live, registry).route());
    context.routes().add(new AdminPeerRoutes(system, context.http(), authenticator, live, registry,
        selfDocument(context, witnessKey(context))).route());

    GatewayHttpClient outbound = new GatewayHttpClient(system, context.keys().signer(), config.getDuration("fxg.dispatch.timeout"));
    Attestations attestations = new Attestations(live, AttestationClient.over((url, json) -> outbound
            .postJson(url, json, Map.of()).thenApply(r -> new AttestationClient.Answer(r.status(), r.body()))),
        clock, config.getDuration("fxg.attestation.max-age"), config.getDuration("fxg.attestation.default-every"));
    return new Identity(authenticator, attestations, live, registry);
  }

  /** This gateway's witness verifier key for {@code GET /v1/peers/self}: its peers accept its cosignatures by it. */
  static Supplier<String> witnessKey(NodeContext context) {
    String key = WitnessWiring.signer(context).verifier().verifierKey();
    return () -> key;
  }

  /**
   * What {@code GET /v1/peers/self} advertises: {@code fxg.peers.name}, {@code fxg.peers.public-url}
   * (else the configured HTTP host and port; else, bound to port 0 or a wildcard address, the
   * address the request came in on), the gateway's JWKS and the log's verifier key.
   *
   * @param witnessKey this gateway's witness verifier key, null while it has none
   */
  static AdminPeerRoutes.Self selfDocument(NodeContext context, Supplier<String> witnessKey) {
    Config config = context.config();
    String name = config.getString("fxg.peers.name");
    if (!Ids.isDomain(name)) {
      throw new IllegalArgumentException("fxg.peers.name \"" + name + "\" must match the domain grammar"
          + " [a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    }
    String publicUrl = config.getString("fxg.peers.public-url").replaceAll("/+$", "");
    String host = context.http().host();
    int port = context.http().port();
    String scheme = config.getString("fxg.http.tls.keystore").isBlank() ? "http" : "https";
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isBlank();
    String configured = port == 0 || wildcard ? null
        : scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    String url = publicUrl.isEmpty() ? configured : publicUrl;
    return new AdminPeerRoutes.Self(name, () -> url, context.keys().jwks(), ProofWiring.logVerifierKey(context),
        witnessKey);
  }

  /**
   * Nonces claimed in the journal's database, so a claim survives any node's death: held for the
   * skew window after {@code created} plus {@code fxg.nonces.retention-margin} (nodes' clocks
   * differ a little), swept every {@code fxg.nonces.sweep-interval} by every node.
   */
  static SignatureAuthenticator.NonceCheck nonceCheck(NodeContext context, Clock clock) {
    ActorSystem<Void> system = context.system();
    Config config = context.config();
    NonceStore store = NonceStore.open(config.getString("fxg.jdbc.effective-url"), config.getString("fxg.jdbc.user"),
        config.getString("fxg.jdbc.password"), config.getInt("fxg.nonces.connections"),
        config.getDuration("fxg.nonces.timeout"));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-nonce-store", () -> {
          store.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    store.createSchema();
    ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(NONCE_DISPATCHER));
    Duration held = context.http().maxClockSkew().plus(config.getDuration("fxg.nonces.retention-margin"));
    Duration sweep = config.getDuration("fxg.nonces.sweep-interval");
    system.scheduler().scheduleWithFixedDelay(sweep, sweep, () -> {
      try {
        store.deleteExpired(clock.instant());
      } catch (NonceStore.Unavailable e) {
        LOG.warn("expired nonces not swept: {}", e.getMessage());
      }
    }, blocking);
    return (keyId, nonce, created) -> CompletableFuture.supplyAsync(
        () -> store.claim(keyId, nonce, created.plus(held), clock.instant()), blocking);
  }

  /** Running executions are interrupted ({@code trust.revoked}) when what they depend on is revoked. */
  public static void interruptOnTrustChanges(ActorSystem<Void> system, Identity identity,
      ActorRef<ExecutionSupervisor.Command> supervisor) {
    system.systemActorOf(TrustSignalRelay.create(identity.registry(), supervisor), "trust-signal-relay", Props.empty());
  }
}
