package io.fxg.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.identity.PeerDocument;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.TrustView;
import io.fxg.serialization.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/console/peers}: the peer gateways this node's trust view registers (SPEC section
 * 13), as the Governance Console's "Peer gateways" panel shows them: name, base URL, governed
 * domains, removed or not, key thumbprints (never keys), and this gateway's witness state of each
 * peer's log when a {@link PeerWitness} is wired. Readable like {@code GET /v1/policy}: anyone
 * under {@code fxg.http.public-read}, else any verified signer.
 */
public final class ConsolePeerRoutes extends RouteSupport {
  private final Supplier<TrustView> trust;
  private final String self;
  private final PeerWitness witness;

  /**
   * This gateway's witness of its peers' logs, as the console reads it.
   *
   * <p>{@link #NONE} (nothing witnessed here) until the witness is wired: every peer then shows
   * "not available".
   */
  @FunctionalInterface
  public interface PeerWitness {
    PeerWitness NONE = peer -> CompletableFuture.completedFuture(Optional.empty());

    /** The witness state of {@code peer}'s log; empty when this gateway does not witness it (yet). */
    CompletionStage<Optional<WitnessState>> stateOf(PeerSnapshot peer);
  }

  /**
   * What this gateway, as a witness, holds of one peer log.
   *
   * @param size the last witnessed (cosigned) tree size, -1 before the first
   * @param root that tree's root hash (base64, as in the checkpoint), null before the first
   * @param cosignedAt when this gateway last cosigned a checkpoint of the log (RFC 3339), or null
   * @param splitView the split-view alarm held for the log, or null
   */
  public record WitnessState(long size, String root, String cosignedAt, SplitView splitView) {}

  /** Two inconsistent tree heads of one peer log: the one witnessed and the one that contradicts it. */
  public record SplitView(long witnessedSize, String witnessedRoot, long claimedSize, String claimedRoot,
      String detail, String at) {}

  /** @param self this gateway's name at its peers ({@code fxg.peers.name}) */
  public ConsolePeerRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      Supplier<TrustView> trust, String self, PeerWitness witness) {
    super(system, settings, authenticator);
    this.trust = trust;
    this.self = self;
    this.witness = witness;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("console").slash("peers"), () -> get(() -> serve(this::peers)));
  }

  private CompletionStage<HttpResponse> peers(Call call) {
    if (!settings.publicRead()) {
      call.requireSigner();
    }
    List<CompletableFuture<ObjectNode>> entries = new ArrayList<>();
    for (PeerSnapshot peer : trust.get().peers()) {
      ObjectNode entry = entry(peer);
      entries.add(witness.stateOf(peer).toCompletableFuture()
          .orTimeout(settings.askTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .handle((state, error) -> {
            if (error != null) {
              entry.put("witnessError", String.valueOf(Problems.unwrap(error).getMessage()));
            } else {
              state.ifPresent(s -> entry.set("witness", Json.toTree(s)));
            }
            return entry;
          }));
    }
    return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new)).thenApply(done -> {
      ObjectNode body = Json.object();
      body.put("self", self);
      body.put("witnessing", witness != PeerWitness.NONE);
      ArrayNode peers = body.putArray("peers");
      entries.forEach(e -> peers.add(e.join()));
      return Problems.json(200, body);
    });
  }

  private static ObjectNode entry(PeerSnapshot peer) {
    PeerDocument document = peer.document();
    ObjectNode entry = Json.object();
    entry.put("name", peer.name());
    entry.put("url", document.url());
    document.domains().forEach(entry.putArray("domains")::add);
    entry.put("removed", peer.removed());
    entry.put("seq", peer.seq());
    entry.put("updatedAt", peer.updatedAt());
    entry.put("lineageHead", peer.head());
    entry.put("currentKid", document.currentKey().kid());
    entry.put("logKeyId", keyId(document.logKey()));
    if (document.witnessKey() != null) {
      entry.put("witnessKeyId", keyId(document.witnessKey()));
    }
    return entry;
  }

  /** {@code <name>+<keyhash>}: how notes name a signed-note key (its first two fields), without the key. */
  private static String keyId(String verifierKey) {
    int first = verifierKey.indexOf('+');
    int second = first < 0 ? -1 : verifierKey.indexOf('+', first + 1);
    return second < 0 ? "" : verifierKey.substring(0, second);
  }
}
