package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.http.HttpSettings;
import io.fxg.http.NodeHealth;
import io.fxg.identity.GatewayKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every capability's wiring receives while a node starts: the system, config, keys, health
 * checks to register, and the list its routes are added to.
 *
 * @param node this node's cluster address as {@code host:port}
 */
public record NodeContext(
    ActorSystem<Void> system,
    Config config,
    HttpSettings http,
    GatewayKeys keys,
    NodeHealth health,
    String node,
    List<Route> routes) {

  static NodeContext of(ActorSystem<Void> system, Config config, HttpSettings http, GatewayKeys keys,
      NodeHealth health, String node) {
    return new NodeContext(system, config, http, keys, health, node, new ArrayList<>());
  }
}
