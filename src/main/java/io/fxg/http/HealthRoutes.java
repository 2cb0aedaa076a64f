package io.fxg.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.util.Map;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /health/live} and {@code /health/ready}. */
public final class HealthRoutes extends AllDirectives {
  private final NodeHealth health;

  public HealthRoutes(NodeHealth health) {
    this.health = health;
  }

  public Route route() {
    return pathPrefix("health", () -> concat(
        path("live", () -> get(() -> complete(Problems.json(200, Json.object().put("status", "live"))))),
        path("ready", () -> get(() -> {
          Map<String, Boolean> checks = health.evaluate();
          boolean ready = !checks.containsValue(false);
          ObjectNode body = Json.object();
          body.put("status", ready ? "ready" : "not-ready");
          body.set("checks", Json.toTree(checks));
          return complete(Problems.json(ready ? 200 : 503, body));
        }))));
  }
}
