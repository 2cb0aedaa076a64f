package io.fxg.identity;

import io.fxg.crypto.Jcs;
import io.fxg.serialization.Json;
import io.fxg.environment.AttestationVerifier;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The attestation challenge {@code POST {endpoint}/fxg/attest {"nonce": ..}} over the gateway's
 * signed outbound transport (RFC 9421 with the gateway key, per-call timeout; {@code
 * io.fxg.http.GatewayHttpClient} in a node). Answers the envelope text of a 200 answer; anything
 * else fails with an {@link IdentityException} saying what the endpoint did.
 */
public final class AttestationClient {
  /** Sends a challenge and completes with the DSSE envelope JSON. */
  @FunctionalInterface
  public interface Challenger {
    CompletionStage<String> challenge(String endpoint, String nonce);
  }

  /** A signed JSON POST: completes with the upstream status and body, or fails on I/O or timeout. */
  @FunctionalInterface
  public interface Transport {
    CompletionStage<Answer> postJson(String url, byte[] json);
  }

  public record Answer(int status, byte[] body) {}

  private AttestationClient() {}

  public static Challenger over(Transport transport) {
    return (endpoint, nonce) -> {
      String url = endpoint + "/fxg/attest";
      byte[] body = Jcs.canonicalize(Json.object().put("nonce", nonce));
      return transport.postJson(url, body)
          .thenApply(answer -> {
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            if (answer.status() != 200) {
              throw new CompletionException(new IdentityException("attest",
                  url + " answered HTTP " + answer.status() + ": " + snippet(text)));
            }
            if (answer.body().length > AttestationVerifier.MAX_ENVELOPE_BYTES) {
              throw new CompletionException(new IdentityException("attest", url + " answered more than "
                  + AttestationVerifier.MAX_ENVELOPE_BYTES + " bytes"));
            }
            return text;
          })
          .toCompletableFuture()
          .exceptionallyCompose(error -> CompletableFuture.failedFuture(explain(url, error)));
    };
  }

  private static Throwable explain(String url, Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IdentityException) {
      return cause;
    }
    if (cause instanceof TimeoutException) {
      return new IdentityException("attest", url + " did not answer within fxg.dispatch.timeout");
    }
    return new IdentityException("attest", url + " could not be reached (" + cause.getClass().getSimpleName() + ")", cause);
  }

  private static String snippet(String text) {
    String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
