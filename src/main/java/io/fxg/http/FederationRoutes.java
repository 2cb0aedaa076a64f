package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Signer;
import io.fxg.identity.FederationBundle;
import io.fxg.identity.TrustView;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/federation/bundle}: the gateway-signed federation trust bundle (see {@link
 * FederationBundle}). Public. Answers {@code {"seq": N, "jws": "<compact>"}}, or the compact JWS
 * alone as {@code application/jose} when the client accepts only that. Signed once per sequence.
 */
public final class FederationRoutes extends AllDirectives {
  static final ContentType JOSE = MediaTypes.applicationWithFixedCharset("jose",
      org.apache.pekko.http.javadsl.model.HttpCharsets.US_ASCII).toContentType();

  private record Signed(long seq, String jws) {}

  private final Supplier<TrustView> trust;
  private final Signer gatewayKey;
  private final String issuer;
  private final Clock clock;
  private final AtomicReference<Signed> cached = new AtomicReference<>(new Signed(-1, null));

  public FederationRoutes(Supplier<TrustView> trust, Signer gatewayKey, String issuer, Clock clock) {
    this.trust = trust;
    this.gatewayKey = gatewayKey;
    this.issuer = issuer;
    this.clock = clock;
  }

  public Route route() {
    return path(segment("v1").slash("federation").slash("bundle"), () -> get(() ->
        optionalHeaderValueByName("Accept", accept -> {
          Signed signed = current();
          if (accept.filter(a -> a.contains("application/jose") && !a.contains("json")).isPresent()) {
            return complete(HttpResponse.create().withStatus(200)
                .withEntity(JOSE, signed.jws().getBytes(StandardCharsets.US_ASCII)));
          }
          ObjectNode body = Json.object();
          body.put("seq", signed.seq());
          body.put("jws", signed.jws());
          return complete(Problems.json(200, body));
        })));
  }

  private Signed current() {
    TrustView view = trust.get();
    Signed held = cached.get();
    if (held.seq() == view.sequence()) {
      return held;
    }
    Signed fresh = new Signed(view.sequence(), FederationBundle.sign(view, issuer, clock.instant(), gatewayKey));
    cached.set(fresh);
    return fresh;
  }
}
