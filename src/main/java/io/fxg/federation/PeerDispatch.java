package io.fxg.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.DispatchOutcome;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.TargetDispatch;
import io.fxg.http.GatewayHttpClient;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Phase 5 for an execution whose target a peer governs (SPEC section 13): {@code POST
 * {peer}/v1/executions} signed {@code gateway/NAME}, carrying this gateway's artifact as {@code
 * parent}, the same action, resource and parameters, the time left before the artifact expires (less {@link
 * #CLOCK_MARGIN_SECONDS}) as {@code maxDurationSeconds}, and this execution's id as {@code Idempotency-Key} (a retry after a
 * failover finds the same child). A 2xx naming the peer's execution is {@link
 * DispatchOutcome.Forwarded}; anything else fails the execution ({@value #REFUSED}, the peer's status
 * and problem recorded). Interrupting cancels the child there. Other executions go to {@code local}.
 */
public final class PeerDispatch implements TargetDispatch {
  public static final String REFUSED = "federation.refused";
  /**
   * Seconds the forwarded {@code maxDurationSeconds} stays short of the artifact's expiry: the peer
   * refuses a child that would outlive its parent, and its clock may run a little ahead of ours.
   */
  static final long CLOCK_MARGIN_SECONDS = 2;
  private final TargetDispatch local;
  private final PeerClient peers;
  private final Clock clock;

  public PeerDispatch(TargetDispatch local, PeerClient peers, Clock clock) {
    this.local = local;
    this.peers = peers;
    this.clock = clock;
  }

  @Override
  public CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact) {
    String peer = intent.forwardedTo();
    if (peer == null) {
      return local.execute(intent, artifact);
    }
    long left;
    try {
      left = io.fxg.crypto.Jws.unverifiedPayload(artifact).path("exp").asLong() - clock.instant().getEpochSecond()
          - CLOCK_MARGIN_SECONDS;
    } catch (io.fxg.crypto.CryptoException e) {
      left = 0;
    }
    if (left < 1) {
      return CompletableFuture.completedFuture(new DispatchOutcome.Failed(REFUSED,
          "the artifact expires before the peer could start", 0));
    }
    ObjectNode body = Json.object();
    body.putObject("target").put("domain", intent.target().domain()).put("environment", intent.target().environment());
    body.put("action", intent.action());
    body.put("resource", intent.resource());
    body.set("parameters", intent.parameters());
    body.put("parent", artifact);
    body.put("maxDurationSeconds", left);
    String url = peers.peer(peer).map(p -> p.document().url()).orElse(null);
    return peers.post(peer, "/v1/executions", Json.writeBytes(body), Map.of("Idempotency-Key", intent.executionId()))
        .thenApply(response -> outcome(peer, url, response))
        .exceptionally(error -> new DispatchOutcome.Failed(REFUSED, "peer gateway " + peer + " could not be reached: "
            + rootMessage(error), 0));
  }

  private static DispatchOutcome outcome(String peer, String url, GatewayHttpClient.Response response) {
    JsonNode json;
    try {
      json = Json.parse(response.body());
    } catch (Exception e) {
      json = null;
    }
    String child = json == null ? null : json.path("executionId").asText(null);
    if (response.status() / 100 == 2 && child != null && io.fxg.execution.ExecutionIds.isWellFormed(child)) {
      return new DispatchOutcome.Forwarded(peer, child, url);
    }
    String problem = json == null ? new String(response.body(), StandardCharsets.UTF_8)
        : json.path("type").asText("") + " " + json.path("detail").asText("");
    return new DispatchOutcome.Failed(REFUSED, "peer gateway " + peer + " answered " + response.status() + ": "
        + truncate(problem.strip()), response.status());
  }

  @Override
  public CompletionStage<String> cancel(ExecutionIntent intent, String reason) {
    return cancel(intent, reason, null);
  }

  @Override
  public CompletionStage<String> cancel(ExecutionIntent intent, String reason, String forwardedChild) {
    String peer = intent.forwardedTo();
    if (peer == null) {
      return local.cancel(intent, reason);
    }
    if (forwardedChild == null) {
      return CompletableFuture.completedFuture("not forwarded yet: nothing to cancel on peer " + peer);
    }
    ObjectNode body = Json.object().put("reason", reason);
    return peers.post(peer, "/v1/executions/" + forwardedChild + "/cancel", Json.writeBytes(body), Map.of())
        .thenApply(r -> r.status() == 200 ? "cancelled on peer " + peer : "peer " + peer + " answered " + r.status())
        .exceptionally(error -> "cancel on peer " + peer + " failed: " + rootMessage(error));
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private static String truncate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
