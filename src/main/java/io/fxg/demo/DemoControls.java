package io.fxg.demo;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.http.ProblemException;
import io.fxg.http.Problems;
import io.fxg.serialization.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The demo's own HTTP controls, registered only by {@link Demo}: {@code GET /demo/api/state},
 * {@code POST /demo/api/scenario/{name}} and {@code POST /demo/api/reset}. They answer {@code 503}
 * until {@link #attach} hands them the running demo (the node starts before the demo target).
 * Posts must carry {@code Fxg-Demo: 1}: a header no cross-site form can send, so another web page
 * cannot press the buttons.
 */
public final class DemoControls extends AllDirectives {
  /** The header every control post must carry. */
  public static final String HEADER = "Fxg-Demo";

  private final AtomicReference<DemoActions> actions = new AtomicReference<>();
  private final Executor blocking;

  public DemoControls(ActorSystem<?> system) {
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** Makes the controls live. */
  public void attach(DemoActions demo) {
    actions.set(demo);
  }

  public Route route() {
    return pathPrefix(segment("demo").slash("api"), () -> concat(
        path("state", () -> get(() -> run(demo -> json(200, state(demo))))),
        path(segment("scenario").slash(PathMatchers.segment()), name -> post(() -> guarded(() -> run(demo -> {
          try {
            String id = demo.start(name);
            ObjectNode body = Json.object().put("executionId", id).put("scenario", name);
            demo.scenarios().stream().filter(s -> s.name().equals(name)).findFirst()
                .ifPresent(s -> body.put("expect", s.expect()).put("label", s.label()));
            return json(202, body);
          } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no demo scenario " + name);
          } catch (Exception e) {
            throw new ProblemException(502, "demo.failed", "the demo could not start " + name + ": " + e.getMessage());
          }
        })))),
        path("reset", () -> post(() -> guarded(() -> run(demo -> {
          try {
            demo.reset();
            return json(200, state(demo));
          } catch (Exception e) {
            throw new ProblemException(502, "demo.failed", "the demo could not reset: " + e.getMessage());
          }
        }))))));
  }

  private Route guarded(java.util.function.Supplier<Route> inner) {
    return optionalHeaderValueByName(HEADER, value -> value.filter("1"::equals).isPresent()
        ? inner.get()
        : complete(Problems.of(new ProblemException(403, "forbidden", "demo controls need the " + HEADER + ": 1 header"))));
  }

  /** Runs off the HTTP threads: demo actions call the gateway's own API synchronously. */
  private Route run(Function<DemoActions, HttpResponse> handler) {
    return completeWithFuture(CompletableFuture.supplyAsync(() -> {
      DemoActions demo = actions.get();
      if (demo == null) {
        throw new ProblemException(503, "unavailable", "the demo is still starting");
      }
      return handler.apply(demo);
    }, blocking).exceptionally(Problems::fromThrowable));
  }

  private static ObjectNode state(DemoActions demo) {
    ObjectNode state = demo.state();
    ArrayNode scenarios = state.putArray("scenarios");
    demo.scenarios().forEach(s -> scenarios.add(Json.mapper().valueToTree(s)));
    return state;
  }

  private static HttpResponse json(int status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, Json.writeBytes(body));
  }
}
