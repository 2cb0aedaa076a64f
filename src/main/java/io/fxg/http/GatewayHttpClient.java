package io.fxg.http;

import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignatureHeaders;
import io.fxg.httpsig.SignedRequestView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The gateway's outbound HTTP client for calls to target environments (execute, attest, cancel)
 * and peer gateways: pooled pekko-http connections, every request RFC 9421-signed with the current
 * gateway key (keyid = the signer's: its thumbprint to targets, {@code gateway/NAME} to peers), a
 * per-call timeout covering the whole exchange.
 */
public final class GatewayHttpClient {
  /** Responses larger than this are refused: a target cannot flood the gateway. */
  public static final long MAX_RESPONSE_BYTES = 1024 * 1024;

  /** The upstream answer; the body is read strictly within {@link #MAX_RESPONSE_BYTES}. */
  public record Response(int status, byte[] body) {}

  private final ActorSystem<?> system;
  private final MessageSigner signer;
  private final Duration timeout;

  public GatewayHttpClient(ActorSystem<?> system, Signer gatewayKey, Duration timeout) {
    this.system = system;
    this.signer = MessageSigner.create(gatewayKey, Clock.systemUTC());
    this.timeout = timeout;
  }

  /** GETs {@code url}, signed; completes exceptionally on timeout or I/O failure. */
  public CompletionStage<Response> get(String url) {
    URI uri = URI.create(url);
    SignatureHeaders signature = signer.sign(SignedRequestView.of("GET", uri, Map.of(), new byte[0]));
    List<HttpHeader> headers = new ArrayList<>();
    signature.asMap().forEach((name, value) -> headers.add(RawHeader.create(name, value)));
    return exchange(HttpRequest.GET(url).withHeaders(headers));
  }

  private CompletionStage<Response> exchange(HttpRequest request) {
    return Http.get(system).singleRequest(request)
        .thenCompose(response -> response.entity()
            .toStrict(timeout.toMillis(), MAX_RESPONSE_BYTES, system)
            .thenApply(strict -> new Response(response.status().intValue(), strict.getData().toArray())))
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** POSTs a JSON body, signed, with extra headers; completes exceptionally on timeout or I/O failure. */
  public CompletionStage<Response> postJson(String url, byte[] json, Map<String, String> extraHeaders) {
    URI uri = URI.create(url);
    SignedRequestView view = SignedRequestView.of("POST", uri, Map.of("content-type", List.of("application/json")), json);
    SignatureHeaders signature = signer.sign(view);
    List<HttpHeader> headers = new ArrayList<>();
    signature.asMap().forEach((name, value) -> headers.add(RawHeader.create(name, value)));
    extraHeaders.forEach((name, value) -> headers.add(RawHeader.create(name, value)));
    return exchange(HttpRequest.POST(url).withHeaders(headers).withEntity(ContentTypes.APPLICATION_JSON, json));
  }
}
