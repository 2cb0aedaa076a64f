package io.fxg.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jws;
import io.fxg.execution.ExecutionIds;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.PeerLinks;
import io.fxg.http.GatewayHttpClient;
import io.fxg.serialization.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerLinks} over signed HTTP (SPEC section 13). The origin reads the peer's child with
 * {@code GET {peer}/v1/executions/{child}} (its status and outcome); the peer reads the origin's
 * artifact with {@code GET {origin}/v1/authorizations/{jti}/status}; the peer pushes {@code POST
 * {origin}/v1/executions/{jti}/peer-notice} when its execution ends. Any failure to get a readable
 * answer is {@link PeerState.Unreachable}.
 */
public final class HttpPeerLinks implements PeerLinks {
  private static final Logger LOG = LoggerFactory.getLogger(HttpPeerLinks.class);
  private static final Set<String> TERMINAL = Set.of("completed", "failed", "interrupted", "denied");
  private final PeerClient peers;
  private final Duration checkInterval;
  private final Duration maxSilence;

  public HttpPeerLinks(PeerClient peers, Duration checkInterval, Duration maxSilence) {
    this.peers = peers;
    this.checkInterval = checkInterval;
    this.maxSilence = maxSilence;
  }

  @Override
  public CompletionStage<PeerState> check(ExecutionIntent intent, String counterpartId) {
    if (!ExecutionIds.isWellFormed(counterpartId)) {
      return CompletableFuture.completedFuture(new PeerState.Unreachable("the linked id " + counterpartId
          + " is not an execution id"));
    }
    boolean origin = intent.forwardedTo() != null;
    String peer = intent.peer();
    if (peers.peer(peer).isEmpty()) {
      return CompletableFuture.completedFuture(new PeerState.Removed("peer gateway " + peer
          + " is no longer registered here: the link is cut"));
    }
    String path = origin ? "/v1/executions/" + counterpartId : "/v1/authorizations/" + counterpartId + "/status";
    return peers.get(peer, path)
        .thenApply(response -> origin ? childState(response) : originState(response))
        .exceptionally(error -> new PeerState.Unreachable(PeerDispatch.rootMessage(error)));
  }

  /** The peer's child: running or pending is live, a terminal status ends this execution the same way. */
  static PeerState childState(GatewayHttpClient.Response response) {
    JsonNode view = json(response);
    if (response.status() != 200 || view == null || !view.path("status").isTextual()) {
      return new PeerState.Unreachable("the peer answered " + response.status() + " for its execution");
    }
    String status = view.get("status").asText();
    if (!TERMINAL.contains(status)) {
      return new PeerState.Live();
    }
    JsonNode outcome = view.path("outcome");
    int phase = view.path("phase").asInt(0);
    return new PeerState.Ended(status, outcome.path("reason").asText(status), outcome.path("detail").asText(""),
        outcome.get("result"), phase >= 2 && phase <= 4 ? phase : 2);
  }

  /** The origin's artifact: active is live; revoked, expired, finished or unknown (404) ends the peer's execution. */
  static PeerState originState(GatewayHttpClient.Response response) {
    if (response.status() == 404) {
      return new PeerState.Ended("unknown", "cancelled", "the origin does not know the artifact", null, 0);
    }
    JsonNode body = json(response);
    if (response.status() != 200 || body == null || !body.path("status").isTextual()) {
      return new PeerState.Unreachable("the origin answered " + response.status() + " for its artifact");
    }
    String status = body.get("status").asText();
    return "active".equals(status) ? new PeerState.Live()
        : new PeerState.Ended(status, "cancelled", "the origin's artifact is " + status, null, 0);
  }

  @Override
  public void notifyOrigin(ExecutionIntent intent) {
    String origin = intent.forwardedFrom();
    String parent;
    try {
      parent = Jws.unverifiedPayload(intent.parentArtifact()).path("jti").asText("");
    } catch (CryptoException e) {
      return;
    }
    if (!ExecutionIds.isWellFormed(parent)) {
      return;
    }
    byte[] body = Json.writeBytes(Json.object().put("child", intent.executionId()));
    peers.post(origin, "/v1/executions/" + parent + "/peer-notice", body, Map.of())
        .whenComplete((response, error) -> {
          if (error != null || response.status() / 100 != 2) {
            // The origin's own check every check-interval still finds the outcome.
            LOG.info("notice to origin {} for {} not delivered: {}", origin, parent,
                error != null ? PeerDispatch.rootMessage(error) : "status " + response.status());
          }
        });
  }

  @Override
  public Duration checkInterval() {
    return checkInterval;
  }

  @Override
  public Duration maxSilence() {
    return maxSilence;
  }

  private static JsonNode json(GatewayHttpClient.Response response) {
    try {
      return Json.parse(response.body());
    } catch (Exception e) {
      return null;
    }
  }
}
