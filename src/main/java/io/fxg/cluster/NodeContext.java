package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.http.HttpSettings;
import io.fxg.http.NodeHealth;
import io.fxg.identity.GatewayKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every capability's wiring receives while a node starts: the system, config, keys, health
 * checks to register, and the list its routes are added to.
 *
 * @param node this node's cluster address as {@code host:port}
 * @param clock the node's clock: request freshness, artifact windows, lineage times (tests skew it)
 * @param status sections of this node's entry in {@code GET /v1/cluster} (policy, monitors, ...)
 */
public record NodeContext(
    ActorSystem<Void> system,
    Config config,
    HttpSettings http,
    GatewayKeys keys,
    NodeHealth health,
    String node,
    java.time.Clock clock,
    List<Route> routes,
    Map<String, Supplier<JsonNode>> status) {

  static NodeContext of(ActorSystem<Void> system, Config config, HttpSettings http, GatewayKeys keys,
      NodeHealth health, String node, java.time.Clock clock) {
    return new NodeContext(system, config, http, keys, health, node, clock, new ArrayList<>(),
        java.util.Collections.synchronizedMap(new LinkedHashMap<>()));
  }
}
