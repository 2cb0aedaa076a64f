package io.fxg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.DispatchOutcome;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.TargetDispatch;
import io.fxg.execution.TargetRef;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Dispatch over the target contract of SPEC section 7: {@code POST {endpoint}/fxg/execute} with the
 * artifact in {@code Fxg-Authorization} (200 completed, 202 accepted, anything else failed with
 * the upstream status recorded) and {@code POST {endpoint}/fxg/cancel} on interruption.
 */
public final class TargetHttpDispatch implements TargetDispatch {
  private final GatewayHttpClient client;
  private final Function<TargetRef, Optional<String>> endpoints;

  /** @param endpoints the registered endpoint of an environment, empty when unknown */
  public TargetHttpDispatch(GatewayHttpClient client, Function<TargetRef, Optional<String>> endpoints) {
    this.client = client;
    this.endpoints = endpoints;
  }

  @Override
  public CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact) {
    Optional<String> endpoint = endpoints.apply(intent.target());
    if (endpoint.isEmpty()) {
      return CompletableFuture.completedFuture(new DispatchOutcome.Failed(
          "dispatch.unknown-environment", "no endpoint is registered for " + intent.target().id(), 0));
    }
    ObjectNode body = Json.object();
    body.put("executionId", intent.executionId());
    body.put("action", intent.action());
    body.put("resource", intent.resource());
    body.set("parameters", intent.parameters());
    return client.postJson(endpoint.get() + "/fxg/execute", Json.writeBytes(body), Map.of("Fxg-Authorization", artifact))
        .thenApply(TargetHttpDispatch::outcome)
        .exceptionally(error -> failure(error));
  }

  static DispatchOutcome outcome(GatewayHttpClient.Response response) {
    JsonNode json;
    try {
      json = Json.parse(response.body());
    } catch (Exception e) {
      json = null;
    }
    if (response.status() == 200 && json != null && "completed".equals(json.path("status").asText())) {
      return new DispatchOutcome.Completed(json.get("result"));
    }
    if (response.status() == 202) {
      return new DispatchOutcome.Accepted();
    }
    String detail = json != null && json.hasNonNull("detail") ? json.get("detail").asText()
        : new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8);
    return new DispatchOutcome.Failed("target.upstream-error", "upstream " + response.status() + ": " + detail, response.status());
  }

  private static DispatchOutcome failure(Throwable error) {
    Throwable cause = Problems.unwrap(error);
    if (cause instanceof TimeoutException) {
      return new DispatchOutcome.Failed("target.timeout", "the target did not answer within fxg.dispatch.timeout", 0);
    }
    return new DispatchOutcome.Failed("target.unreachable", "the target could not be reached: " + cause.getMessage(), 0);
  }

  @Override
  public CompletionStage<String> cancel(ExecutionIntent intent, String reason) {
    Optional<String> endpoint = endpoints.apply(intent.target());
    if (endpoint.isEmpty()) {
      return CompletableFuture.completedFuture("no endpoint registered");
    }
    ObjectNode body = Json.object();
    body.put("executionId", intent.executionId());
    body.put("reason", reason);
    return cancelWithRetry(endpoint.get() + "/fxg/cancel", Json.writeBytes(body), 1);
  }

  /** Attempts at delivering a cancel, with backoff doubling from {@link #CANCEL_FIRST_BACKOFF_MILLIS}. */
  public static final int CANCEL_ATTEMPTS = 5;
  static final long CANCEL_FIRST_BACKOFF_MILLIS = 200;

  private CompletionStage<String> cancelWithRetry(String url, byte[] body, int attempt) {
    return client.postJson(url, body, Map.of())
        .handle((response, error) -> {
          if (error == null && response.status() < 500) {
            return CompletableFuture.completedFuture(
                "delivered: upstream " + response.status() + " after " + attempt + " attempt(s)");
          }
          String why = error == null ? "upstream " + response.status() : Problems.unwrap(error).getMessage();
          if (attempt >= CANCEL_ATTEMPTS) {
            return CompletableFuture.completedFuture("not delivered after " + attempt + " attempts: " + why);
          }
          long backoff = CANCEL_FIRST_BACKOFF_MILLIS << (attempt - 1);
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(backoff, java.util.concurrent.TimeUnit.MILLISECONDS))
              .thenCompose(ignored -> cancelWithRetry(url, body, attempt + 1));
        })
        .thenCompose(stage -> stage);
  }
}
