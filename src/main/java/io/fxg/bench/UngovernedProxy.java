package io.fxg.bench;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The ungoverned baseline: a pekko-http route that forwards {@code POST /fxg/execute} to the target
 * unchanged (headers, body, the caller's signature and artifact) and answers with the target's
 * response. The same HTTP stack as the gateway, without authentication, policy, artifacts,
 * attestation, journal or log. Runs in its own local (non-cluster) actor system so its threads are
 * told apart ({@code bench-proxy-*}).
 */
final class UngovernedProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("host", "timeout-access", "connection",
      "content-length", "content-type", "transfer-encoding", "keep-alive");

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private UngovernedProxy(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  static UngovernedProxy start(URI target) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-proxy", ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.loglevel = WARNING
            pekko.http.host-connection-pool.max-connections = 64
            pekko.http.host-connection-pool.max-open-requests = 1024
            """).withFallback(ConfigFactory.defaultReference()).resolve());
    Http http = Http.get(system);
    Uri upstream = Uri.create(target.toString()).addPathSegment("fxg").addPathSegment("execute");
    Route route = new AllDirectives() {
      Route route() {
        return path(PathMatchers.segment("fxg").slash("execute"), () -> post(() -> extractRequest(request -> {
          List<HttpHeader> headers = new java.util.ArrayList<>();
          for (HttpHeader h : request.getHeaders()) {
            if (!HOP_BY_HOP.contains(h.lowercaseName())) {
              headers.add(h);
            }
          }
          HttpRequest forward = HttpRequest.POST(upstream.toString()).withEntity(request.entity()).addHeaders(headers);
          return completeWithFuture(http.singleRequest(forward));
        })));
      }
    }.route();
    ServerBinding binding = http.newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new UngovernedProxy(system, binding);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @Override
  public void close() {
    binding.terminate(Duration.ofSeconds(2));
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort on shutdown
    }
  }
}
