package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.ExecutionFeed;
import io.fxg.execution.ExecutionIndex;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /v1/events}: lineage updates as server-sent events, for the web console. Every client
 * shares the node's one journal follower ({@link ExecutionFeed} behind a broadcast hub) and sees
 * updates from the moment it connects: {@code event: hello} first, then {@code event: execution}
 * (data: an {@link ExecutionFeed.Update} with the execution's summary) or {@code event: lineage}
 * (a domain or policy record). Readable like searches: by anyone under
 * {@code fxg.http.public-read}, else by a signed caller, who sees only executions and domain
 * records of its own domain, or everything when an admin. A client slower than the feed loses its
 * oldest updates rather than slowing the others down.
 */
public final class EventRoutes extends RouteSupport {
  /** Most concurrent event-stream clients per node ({@code 503} beyond). */
  public static final int MAX_CLIENTS = 64;
  /** Updates buffered per client before its oldest are dropped. */
  static final int CLIENT_BUFFER = 512;
  /** A comment line this often keeps proxies and the idle timeout from closing a quiet stream. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final ByteString COMMENT = ByteString.fromString(": keep-alive\n\n");

  private final Source<ExecutionFeed.Update, NotUsed> updates;
  private final String node;
  private final AtomicInteger clients = new AtomicInteger();

  /** @param updates the node's shared update stream (a broadcast hub's consumer side) */
  public EventRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      Source<ExecutionFeed.Update, NotUsed> updates, String node) {
    super(system, settings, authenticator);
    this.updates = updates;
    this.node = node;
  }

  public Route route() {
    return path(segment("v1").slash("events"), () -> get(() -> serve(call ->
        CompletableFuture.completedFuture(stream(call)))));
  }

  private HttpResponse stream(Call call) {
    Predicate<ExecutionFeed.Update> visible = update -> true;
    if (!settings.publicRead()) {
      Authenticated signer = call.requireSigner();
      if (!signer.isAdmin()) {
        visible = update -> visibleTo(signer.domain(), update);
      }
    }
    if (clients.incrementAndGet() > MAX_CLIENTS) {
      clients.decrementAndGet();
      throw new ProblemException(503, "unavailable", "too many event-stream clients on this node; retry later");
    }
    ObjectNode hello = Json.object().put("node", node);
    Source<ByteString, NotUsed> body = Source.single(event("hello", hello, "retry: 3000\n"))
        .concat(updates.filter(visible::test)
            .buffer(CLIENT_BUFFER, OverflowStrategy.dropHead())
            .map(EventRoutes::encode))
        .keepAlive(HEARTBEAT, () -> COMMENT)
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ok, error) -> clients.decrementAndGet());
          return notUsed;
        });
    return HttpResponse.create()
        .withEntity(HttpEntities.createChunked(MediaTypes.TEXT_EVENT_STREAM.toContentType(), body))
        .addHeader(RawHeader.create("Cache-Control", "no-cache"))
        .addHeader(RawHeader.create("X-Accel-Buffering", "no"));
  }

  static boolean visibleTo(String domain, ExecutionFeed.Update update) {
    ExecutionIndex.Summary s = update.execution();
    if (s != null) {
      return s.concerns(domain);
    }
    return update.chain().equals("policy") || update.chain().equals("domain:" + domain);
  }

  static ByteString encode(ExecutionFeed.Update update) {
    return event(update.execution() == null ? "lineage" : "execution", update, "");
  }

  /** One SSE event; compact JSON never spans lines, so one {@code data:} line suffices. */
  private static ByteString event(String name, Object data, String prefix) {
    return ByteString.fromString(prefix + "event: " + name + "\ndata: " + Json.write(data) + "\n\n",
        StandardCharsets.UTF_8);
  }
}
