package io.fxg.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.cluster.NodeStatus;
import io.fxg.serialization.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/cluster}: members with status, reachability and roles, where the singletons run
 * (the oldest Up member), and each node's own status (policy version and digest, readiness checks,
 * live executions, monitors) asked of the node itself; a node that does not answer in a second is
 * listed as not answering.
 */
public final class ClusterRoutes extends RouteSupport {
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

  public ClusterRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator) {
    super(system, settings, authenticator);
  }

  public Route route() {
    return pathPrefix("v1", () -> path("cluster", () -> get(() -> serve(this::cluster))));
  }

  private CompletionStage<HttpResponse> cluster(Call call) {
    if (!settings.publicRead()) {
      call.requireAdmin();
    }
    Cluster cluster = Cluster.get(system);
    ObjectNode body = Json.object();
    body.put("self", cluster.selfMember().address().toString());
    ArrayNode members = body.putArray("members");
    Member oldest = null;
    for (Member member : cluster.state().getMembers()) {
      ObjectNode m = members.addObject();
      m.put("address", member.address().toString());
      m.put("status", member.status().toString());
      m.put("reachable", !cluster.state().getUnreachable().contains(member));
      ArrayNode roles = m.putArray("roles");
      member.getRoles().forEach(roles::add);
      if (member.status() == org.apache.pekko.cluster.MemberStatus.up() && (oldest == null || member.isOlderThan(oldest))) {
        oldest = member;
      }
    }
    body.put("singletons", oldest == null ? null : oldest.address().toString());
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            r -> Receptionist.find(NodeStatus.KEY, r), NODE_TIMEOUT, system.scheduler())
        .thenCompose(listing -> {
          List<CompletableFuture<ObjectNode>> asks = new ArrayList<>();
          for (ActorRef<NodeStatus.Command> node : listing.getServiceInstances(NodeStatus.KEY)) {
            asks.add(AskPattern.<NodeStatus.Command, NodeStatus.Status>ask(node, NodeStatus.Get::new, NODE_TIMEOUT, system.scheduler())
                .thenApply(status -> {
                  ObjectNode n = Json.object();
                  n.put("node", status.node());
                  n.setAll((ObjectNode) status.status());
                  return n;
                })
                .exceptionally(e -> Json.object().put("node", node.path().address().toString()).put("answer", "none within 1 s"))
                .toCompletableFuture());
          }
          return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ArrayNode nodes = body.putArray("nodes");
            asks.forEach(a -> nodes.add(a.join()));
            return Problems.json(200, body);
          });
        });
  }
}
