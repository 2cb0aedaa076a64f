package io.fxg.witness;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.TrustView;
import io.fxg.proof.CosignatureVerifier;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.ProofVerificationException;
import io.fxg.proof.SignedNote;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Witnesses every registered, not removed peer with a URL, every {@code fxg.peers.witness-interval}:
 * reads the {@link WitnessedLog} state of the peer's log, fetches {@code GET {url}/v1/log/checkpoint}
 * (skipped when it already carries this witness's valid cosignature) and
 * {@code GET {url}/v1/log/proof/consistency?from=OLD&to=NEW}, asks the entity to cosign, and hands
 * the line back with {@code POST {url}/v1/log/cosignatures?size=NEW}. One round per peer at a
 * time; a failed round is logged and retried at the next tick. Runs on every node: the entity
 * serialises the decisions and the peer keeps one cosignature per witness key and size.
 */
public final class WitnessPoller {
  private static final Logger LOG = LoggerFactory.getLogger(WitnessPoller.class);
  /** Most bytes read from a peer's checkpoint or proof response. */
  static final int MAX_RESPONSE_CHARS = WitnessedLog.MAX_CHECKPOINT_CHARS;

  public sealed interface Command extends CborSerializable {}

  private enum Tick implements Command { INSTANCE }

  /** A round for one peer ended; {@code failure} null when it succeeded. */
  private record RoundDone(String peer, String failure) implements Command {}

  /** Settings: the interval and one call's timeout. */
  public record Settings(Duration interval, Duration callTimeout) {}

  public static Behavior<Command> create(Settings settings, Supplier<TrustView> view, CosignatureVerifier self,
      WitnessAlarms alarms) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.interval());
      return new WitnessPoller(context, settings, view, self, alarms).behavior();
    }));
  }

  private final ActorContext<Command> context;
  private final Settings settings;
  private final Supplier<TrustView> view;
  private final CosignatureVerifier self;
  private final WitnessAlarms alarms;
  private final ClusterSharding sharding;
  private final HttpClient http;
  private final Set<String> running = new HashSet<>();
  /** Peers whose last round failed: a failing peer is reported once (WARN), then at INFO until it recovers. */
  private final Set<String> failing = new HashSet<>();

  private WitnessPoller(ActorContext<Command> context, Settings settings, Supplier<TrustView> view,
      CosignatureVerifier self, WitnessAlarms alarms) {
    this.context = context;
    this.settings = settings;
    this.view = view;
    this.self = self;
    this.alarms = alarms;
    this.sharding = ClusterSharding.get(context.getSystem());
    this.http = HttpClient.newBuilder().connectTimeout(settings.callTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, tick -> onTick())
        .onMessage(RoundDone.class, done -> {
          running.remove(done.peer());
          if (done.failure() == null) {
            if (failing.remove(done.peer())) {
              LOG.info("witnessing peer {} works again", done.peer());
            }
          } else if (failing.add(done.peer())) {
            LOG.warn("witnessing peer {} failed: {} (retried every round; reported again once it works)",
                done.peer(), done.failure());
          } else {
            LOG.info("witnessing peer {} failed this round: {}", done.peer(), done.failure());
          }
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onTick() {
    for (PeerSnapshot peer : view.get().peers()) {
      if (peer.removed() || peer.document() == null || peer.document().url() == null
          || peer.document().url().isEmpty() || peer.document().logKey() == null || !running.add(peer.name())) {
        continue;
      }
      context.pipeToSelf(round(peer), (ok, failure) ->
          new RoundDone(peer.name(), failure == null ? null : String.valueOf(failure.getMessage())));
    }
    return Behaviors.same();
  }

  /** One round for one peer; completes when the cosignature was handed back or nothing was to do. */
  private CompletionStage<Void> round(PeerSnapshot peer) {
    String url = peer.document().url();
    String logKey = peer.document().logKey();
    String origin;
    try {
      origin = NoteVerifier.parse(logKey).name();
    } catch (ProofVerificationException e) {
      return CompletableFuture.failedFuture(e);
    }
    var entity = sharding.entityRefFor(WitnessedLog.TYPE_KEY, WitnessedLog.entityId(origin));
    return entity.<WitnessedLog.StateReply>ask(WitnessedLog.GetState::new, settings.callTimeout())
        .thenCompose(state -> {
          alarms.update(origin, state.alarm());
          if (state.alarm() != null) {
            return CompletableFuture.completedFuture(null);
          }
          return get(url + "/v1/log/checkpoint").thenCompose(note -> {
            long size = sizeOf(note);
            if (size < 0 || alreadyCosigned(note)) {
              return CompletableFuture.completedFuture(null);
            }
            long old = Math.max(state.size(), 0);
            CompletionStage<List<String>> proof = state.size() <= 0 || size <= old
                ? CompletableFuture.completedFuture(List.of())
                : get(url + "/v1/log/proof/consistency?from=" + old + "&to=" + size).thenApply(WitnessPoller::path);
            return proof.thenCompose(path -> entity.<WitnessedLog.Reply>ask(
                    r -> new WitnessedLog.Cosign(peer.name(), logKey, note, old, path, r), settings.callTimeout()))
                .thenCompose(reply -> handle(peer, origin, url, reply));
          });
        });
  }

  private CompletionStage<Void> handle(PeerSnapshot peer, String origin, String url, WitnessedLog.Reply reply) {
    if (reply instanceof WitnessedLog.Cosigned cosigned) {
      alarms.cosigned();
      return post(url + "/v1/log/cosignatures?size=" + cosigned.size(), cosigned.line() + "\n")
          .thenAccept(status -> {
            if (status / 100 == 2) {
              alarms.handedBack();
            } else {
              LOG.warn("peer {} answered {} to this witness's cosignature of size {}", peer.name(), status,
                  cosigned.size());
            }
          });
    }
    if (reply instanceof WitnessedLog.SplitView split) {
      alarms.splitView(origin, split.alarm());
    } else if (reply instanceof WitnessedLog.Refused refused) {
      LOG.warn("not cosigning peer {}'s checkpoint: {}", peer.name(), refused.problem());
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Whether the note already carries a cosignature by this witness that verifies. */
  private boolean alreadyCosigned(String note) {
    try {
      SignedNote parsed = SignedNote.parse(note);
      for (SignedNote.Signature signature : parsed.signatures()) {
        if (self.matches(signature)) {
          self.verify(parsed.text(), signature);
          return true;
        }
      }
    } catch (ProofVerificationException e) {
      return false;
    }
    return false;
  }

  /** The checkpoint size of an unverified note, or -1 when it is not a checkpoint (the entity decides). */
  private static long sizeOf(String note) {
    try {
      return io.fxg.proof.Checkpoint.parseUnverified(note).size();
    } catch (ProofVerificationException e) {
      return -1;
    }
  }

  private static List<String> path(String json) {
    JsonNode body;
    try {
      body = Json.parse(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("consistency proof response is not JSON", e);
    }
    List<String> path = new ArrayList<>();
    for (JsonNode hash : body.path("path")) {
      path.add(hash.asText());
    }
    return path;
  }

  /** The body of a 200 answer, read no further than {@link #MAX_RESPONSE_CHARS} bytes. */
  private CompletionStage<String> get(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.callTimeout()).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
      try (var body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        byte[] bytes = body.readNBytes(MAX_RESPONSE_CHARS + 1);
        if (bytes.length > MAX_RESPONSE_CHARS) {
          throw new IllegalStateException("GET " + url + " answered more than " + MAX_RESPONSE_CHARS + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("GET " + url + ": " + e.getMessage(), e);
      }
    });
  }

  private CompletionStage<Integer> post(String url, String line) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.callTimeout())
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(line, StandardCharsets.UTF_8)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
  }
}
