package io.fxg.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jcs;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignatureHeaders;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import io.fxg.target.AttestationVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Sends the attestation challenge {@code POST {endpoint}/fxg/attest {"nonce": ..}}, RFC 9421-signed
 * with the gateway key (keyid = its thumbprint), over Pekko HTTP's client with a per-call timeout
 * ({@code fxg.dispatch.timeout}). Answers the envelope text of a 200 answer; anything else fails
 * with an {@link IdentityException} saying what the endpoint did.
 */
public final class AttestationClient {
  /** Sends a challenge and completes with the DSSE envelope JSON. */
  @FunctionalInterface
  public interface Challenger {
    CompletionStage<String> challenge(String endpoint, String nonce);
  }

  private AttestationClient() {}

  public static Challenger create(ActorSystem<?> system, Signer gatewayKey, Clock clock, Duration timeout) {
    MessageSigner signer = MessageSigner.create(gatewayKey, clock);
    Http http = Http.get(system);
    return (endpoint, nonce) -> {
      URI uri = URI.create(endpoint + "/fxg/attest");
      ObjectNode challenge = Json.object().put("nonce", nonce);
      byte[] body = Jcs.canonicalize(challenge);
      SignatureHeaders signature = signer.sign(SignedRequestView.of("POST", uri,
          Map.of("content-type", List.of("application/json")), body));
      HttpRequest request = HttpRequest.POST(uri.toString()).withEntity(ContentTypes.APPLICATION_JSON, body);
      for (Map.Entry<String, String> header : signature.asMap().entrySet()) {
        request = request.addHeader(RawHeader.create(header.getKey(), header.getValue()));
      }
      return http.singleRequest(request)
          .thenCompose(response -> response.entity()
              .toStrict(timeout.toMillis(), AttestationVerifier.MAX_ENVELOPE_BYTES, system)
              .thenApply(strict -> {
                String text = strict.getData().decodeString(StandardCharsets.UTF_8);
                if (response.status().intValue() != 200) {
                  throw new java.util.concurrent.CompletionException(new IdentityException("attest",
                      endpoint + "/fxg/attest answered HTTP " + response.status().intValue() + ": " + snippet(text)));
                }
                return text;
              }))
          .toCompletableFuture()
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionallyCompose(error -> CompletableFuture.failedFuture(explain(endpoint, timeout, error)));
    };
  }

  private static Throwable explain(String endpoint, Duration timeout, Throwable error) {
    Throwable cause = error;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IdentityException) {
      return cause;
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new IdentityException("attest", endpoint + "/fxg/attest did not answer within " + timeout.toMillis() + " ms");
    }
    return new IdentityException("attest", endpoint + "/fxg/attest could not be reached ("
        + cause.getClass().getSimpleName() + ")", cause);
  }

  private static String snippet(String text) {
    String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
