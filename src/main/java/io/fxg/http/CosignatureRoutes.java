package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.TrustView;
import io.fxg.proof.CosignatureStore;
import io.fxg.proof.CosignatureVerifier;
import io.fxg.proof.ProofVerificationException;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The witness side of SPEC section 13 over HTTP: {@code GET /v1/witness/key}, this gateway's
 * cosignature/v1 verifier key (text/plain), and {@code POST /v1/log/cosignatures}, where peers hand
 * back their cosignatures of this log's checkpoints. A line is stored only when it verifies
 * against the {@code witnessKey} of a registered, not removed peer over a checkpoint this log
 * published (at {@code ?size=N}, or one of the most recent); no request signature is needed, the
 * cosignature authenticates itself.
 */
public final class CosignatureRoutes extends RouteSupport {
  /** Most bytes of a cosignature body: one line. */
  public static final int MAX_COSIGNATURE_BYTES = 1024;

  private final CosignatureStore cosignatures;
  private final Supplier<TrustView> view;
  private final String witnessKey;
  private final Clock clock;
  private final Executor blocking;

  /** @param witnessKey this gateway's witness verifier key */
  public CosignatureRoutes(ActorSystem<?> system, HttpSettings settings, CosignatureStore cosignatures,
      Supplier<TrustView> view, String witnessKey, Clock clock) {
    super(system, settings, (request, body) -> CompletableFuture.completedFuture(Optional.empty()));
    this.cosignatures = cosignatures;
    this.view = view;
    this.witnessKey = witnessKey;
    this.clock = clock;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  public Route route() {
    return concat(
        path(segment("v1").slash("witness").slash("key"), () -> get(() -> serveNow(call -> HttpResponse.create()
            .withStatus(200).withEntity(ContentTypes.TEXT_PLAIN_UTF8, witnessKey.getBytes(StandardCharsets.UTF_8))))),
        path(segment("v1").slash("log").slash("cosignatures"), () -> post(() -> serve(this::accept))));
  }

  private CompletionStage<HttpResponse> accept(Call call) {
    if (call.body().length > MAX_COSIGNATURE_BYTES) {
      throw new ProblemException(413, "body-too-large",
          "a cosignature is one line of at most " + MAX_COSIGNATURE_BYTES + " bytes", "body");
    }
    Long size = call.request().getUri().query().get("size").map(text -> LogRoutes.parseLong("size", text))
        .orElse(null);
    String line = new String(call.body(), StandardCharsets.UTF_8);
    List<CosignatureVerifier> witnesses = peerWitnesses();
    return CompletableFuture.supplyAsync(() -> {
      try {
        CosignatureStore.Outcome outcome = cosignatures.accept(line, size, witnesses, clock.millis());
        return Problems.json(outcome == CosignatureStore.Outcome.STORED ? 201 : 200,
            Json.object().put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)));
      } catch (ProofVerificationException e) {
        throw new ProblemException(400, "cosignature." + e.reason().name().toLowerCase(java.util.Locale.ROOT),
            e.getMessage(), "body");
      }
    }, blocking);
  }

  /** The witness keys of the registered, not removed peers; unparsable ones are skipped. */
  private List<CosignatureVerifier> peerWitnesses() {
    List<CosignatureVerifier> witnesses = new ArrayList<>();
    for (PeerSnapshot peer : view.get().peers()) {
      if (peer.removed() || peer.document() == null || peer.document().witnessKey() == null) {
        continue;
      }
      try {
        witnesses.add(CosignatureVerifier.parse(peer.document().witnessKey()));
      } catch (ProofVerificationException e) {
        // A registered document holds only validated keys; an unparsable one witnesses nothing.
      }
    }
    return witnesses;
  }
}
