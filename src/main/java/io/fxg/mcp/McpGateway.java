package io.fxg.mcp;

import com.typesafe.config.Config;
import io.fxg.execution.Execution;
import io.fxg.execution.TargetDispatch;
import io.fxg.execution.TargetRef;
import io.fxg.http.Authenticator;
import io.fxg.http.HttpSettings;
import io.fxg.http.NodeHealth;
import io.fxg.identity.DomainDocument;
import io.fxg.identity.GatewayKeys;
import io.fxg.identity.KeyRateLimiter;
import io.fxg.identity.TrustView;
import io.fxg.policy.CompiledPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A node's MCP gateway: the dispatch seam for environments of kind {@code mcp} and the routes
 * ({@code /mcp/{domain}/{environment}}, its protected-resource metadata, {@code POST /v1/tokens}).
 * {@code io.fxg.cluster} makes one per node and passes it what it needs, so this package depends
 * on no wiring.
 */
public final class McpGateway {
  private final ActorSystem<?> system;
  private final McpSettings settings;
  private final McpUpstreamClient upstream;
  private final Clock clock;
  private final Config config;

  public McpGateway(ActorSystem<?> system, Config config, GatewayKeys keys, Clock clock) {
    this.system = system;
    this.settings = McpSettings.from(config);
    this.upstream = new McpUpstreamClient(keys.signer(), settings.upstreamTimeout());
    this.clock = clock;
    this.config = config;
    system.getWhenTerminated().thenRun(upstream::close);
  }

  /** Dispatch that sends tool calls of MCP environments upstream and everything else to {@code contract}. */
  public TargetDispatch dispatch(TargetDispatch contract, Supplier<TrustView> trust) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return new McpDispatch(contract, upstream,
        target -> environment(trust, target),
        (executionId, progress) -> sharding.entityRefFor(Execution.TYPE_KEY, executionId)
            .tell(new Execution.RelayedProgress("mcp", progress)));
  }

  public List<Route> routes(HttpSettings http, Authenticator authenticator, Supplier<TrustView> trust, GatewayKeys keys,
      Supplier<CompiledPolicy> policy, NodeHealth health, String issuer) {
    BearerTokens tokens = new BearerTokens(keys.signer(), keys::verificationKeys, trust, issuer, settings.tokenLifetime(),
        clock);
    McpSessions sessions = new McpSessions(settings.maxSessions(), settings.sessionIdle(), clock);
    ToolCatalog catalog = new ToolCatalog(upstream, policy, clock);
    ToolCalls calls = new ToolCalls(ClusterSharding.get(system), settings, http.askTimeout(), clock);
    KeyRateLimiter limiter = KeyRateLimiter.create(config.getDouble("fxg.http.rate-limit-per-second"),
        config.getDouble("fxg.http.rate-limit-burst"));
    McpCallers callers = new McpCallers(trust, tokens, limiter);
    return List.of(
        new McpRoutes(system, http, authenticator, callers, sessions, catalog, calls, health, settings).route(),
        new TokenRoutes(system, http, authenticator, tokens).route());
  }

  private static Optional<DomainDocument.Environment> environment(Supplier<TrustView> trust, TargetRef target) {
    return trust.get().environment(target.id()).map(TrustView.EnvironmentEntry::environment);
  }
}
