package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.fxg.proof.CosignatureStore;
import io.fxg.proof.LogStore;
import io.fxg.proof.ProofVerificationException;
import io.fxg.proof.TilePath;
import io.fxg.proof.Tiles;
import io.fxg.proof.TransparencyLog;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The public transparency log API under {@code /v1/log/} (SPEC section 10), no signature needed:
 * the latest checkpoint (with the peer witnesses' cosignatures), the note verifier key, C2SP tlog-tiles (hash tiles and entry bundles),
 * inclusion and consistency proofs, and single entries. Everything is served at the latest
 * published checkpoint's size, never beyond. Hash tiles and proofs come from the log singleton's
 * in-memory tree; checkpoints and entries are read from the log's tables by whichever node answers.
 * Full tiles never change and are cacheable for a year; partial tiles briefly.
 */
public final class LogRoutes extends RouteSupport {
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String SHORT_LIVED = "public, max-age=5";
  private static final String NO_CACHE = "no-cache";

  private final ActorRef<TransparencyLog.Command> log;
  private final LogStore store;
  private final CosignatureStore cosignatures;
  private final String verifierKey;
  private final Executor blocking;

  /**
   * @param cosignatures the peer witnesses' cosignatures, appended to the served checkpoint
   * @param verifierKey the log's note verifier key, {@code <origin>+<keyhash>+<key>}
   */
  public LogRoutes(ActorSystem<?> system, HttpSettings settings, ActorRef<TransparencyLog.Command> log,
      LogStore store, CosignatureStore cosignatures, String verifierKey) {
    super(system, settings, (request, body) -> CompletableFuture.completedFuture(Optional.empty()));
    this.log = log;
    this.store = store;
    this.cosignatures = cosignatures;
    this.verifierKey = verifierKey;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  public Route route() {
    return pathPrefix(segment("v1").slash("log"), () -> get(() -> concat(
        path("checkpoint", () -> serve(call -> checkpoint())),
        path("key", () -> serveNow(call -> bytes(ContentTypes.TEXT_PLAIN_UTF8,
            verifierKey.getBytes(StandardCharsets.UTF_8), "public, max-age=300"))),
        pathPrefix("tile", () -> extractUnmatchedPath(rest -> serve(call -> tile("tile" + rest)))),
        path(segment("proof").slash("inclusion"), () -> serve(this::inclusion)),
        path(segment("proof").slash("consistency"), () -> serve(this::consistency)),
        path(segment("entries").slash(PathMatchers.segment()), index -> serve(call -> entry(index))))));
  }

  /** The latest checkpoint, the log's signature first, then every cosignature peers handed back for it. */
  private CompletionStage<HttpResponse> checkpoint() {
    return read(() -> store.latestCheckpoint().map(cosignatures::withCosignatures)).thenApply(latest ->
        bytes(ContentTypes.TEXT_PLAIN_UTF8, latest.orElseThrow(() ->
            ProblemException.notFound("no checkpoint is published yet")).getBytes(StandardCharsets.UTF_8), NO_CACHE));
  }

  private CompletionStage<HttpResponse> tile(String path) {
    TilePath tile;
    try {
      tile = TilePath.parse(path);
    } catch (ProofVerificationException e) {
      throw ProblemException.badRequest("tile", e.getMessage());
    }
    String cache = tile.isPartial() ? SHORT_LIVED : IMMUTABLE;
    if (tile.entries()) {
      return publishedSize().thenApplyAsync(size -> {
        if (!tile.coveredBy(size)) {
          throw notCovered(tile, size);
        }
        long first = tile.index() * TilePath.FULL_WIDTH;
        List<byte[]> records = store.records(first, first + tile.width());
        return bytes(ContentTypes.APPLICATION_OCTET_STREAM, Tiles.entryBundle(records), cache);
      }, blocking);
    }
    return AskPattern.<TransparencyLog.Command, TransparencyLog.Tile>ask(log,
            r -> new TransparencyLog.GetHashTile(tile.level(), tile.index(), tile.width(), r),
            settings.askTimeout(), system.scheduler())
        .thenApply(reply -> {
          if (reply.bytes() == null) {
            throw ProblemException.notFound(tile + " is beyond the latest checkpoint");
          }
          return bytes(ContentTypes.APPLICATION_OCTET_STREAM, reply.bytes(), cache);
        });
  }

  private CompletionStage<HttpResponse> inclusion(Call call) {
    long index = longParameter(call, "index");
    long size = longParameter(call, "size");
    return prove(r -> new TransparencyLog.ProveInclusion(index, size, r));
  }

  private CompletionStage<HttpResponse> consistency(Call call) {
    long from = longParameter(call, "from");
    long to = longParameter(call, "to");
    return prove(r -> new TransparencyLog.ProveConsistency(from, to, r));
  }

  private CompletionStage<HttpResponse> prove(
      org.apache.pekko.japi.function.Function<ActorRef<TransparencyLog.Proof>, TransparencyLog.Command> request) {
    return AskPattern.ask(log, request, settings.askTimeout(), system.scheduler()).thenApply(proof -> {
      if (proof.path() == null) {
        throw ProblemException.badRequest(proof.refusedParameter(), proof.refusal());
      }
      var body = Json.object();
      proof.path().forEach(body.putArray("path")::add);
      return Problems.json(200, body);
    });
  }

  private CompletionStage<HttpResponse> entry(String indexText) {
    long index = parseLong("index", indexText);
    return publishedSize().thenApplyAsync(size -> {
      if (index >= size) {
        throw ProblemException.notFound("entry " + index + " is beyond the latest checkpoint's size " + size);
      }
      List<byte[]> record = store.records(index, index + 1);
      return bytes(ContentTypes.APPLICATION_JSON, record.get(0), IMMUTABLE);
    }, blocking);
  }

  /** The latest checkpoint's size (0 before the first), read on the blocking dispatcher. */
  private CompletionStage<Long> publishedSize() {
    return read(() -> store.latestCheckpoint().map(LogStore.StoredCheckpoint::size).orElse(0L));
  }

  private <T> CompletionStage<T> read(Supplier<T> query) {
    return CompletableFuture.supplyAsync(query, blocking);
  }

  private static ProblemException notCovered(TilePath tile, long size) {
    return ProblemException.notFound(tile + " is beyond the latest checkpoint's size " + size);
  }

  static long longParameter(Call call, String name) {
    Optional<String> value = call.request().getUri().query().get(name);
    if (value.isEmpty()) {
      throw ProblemException.badRequest(name, "required");
    }
    return parseLong(name, value.get());
  }

  static long parseLong(String name, String text) {
    if (!text.matches("0|[1-9][0-9]{0,17}")) {
      throw ProblemException.badRequest(name, "must be a non-negative decimal integer");
    }
    return Long.parseLong(text);
  }

  private static HttpResponse bytes(ContentType type, byte[] body, String cacheControl) {
    return HttpResponse.create().withStatus(200).withEntity(type, body)
        .addHeader(RawHeader.create("Cache-Control", cacheControl));
  }
}
