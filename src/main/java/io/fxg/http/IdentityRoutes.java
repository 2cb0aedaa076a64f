package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.fxg.identity.GatewayKeys;
import io.fxg.serialization.Json;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /.well-known/jwks.json}: the gateway's signing keys, current first, then retired keys
 * that still verify (SPEC section 5). Public: artifacts, outbound requests and federation bundles
 * verify against it with any JOSE library.
 */
public final class IdentityRoutes extends AllDirectives {
  static final ContentType JWK_SET = MediaTypes.applicationWithFixedCharset("jwk-set+json",
      org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8).toContentType();
  private final GatewayKeys keys;

  public IdentityRoutes(GatewayKeys keys) {
    this.keys = keys;
  }

  public Route route() {
    byte[] jwks = Json.writeBytes(keys.jwks());
    return path(segment(".well-known").slash("jwks.json"), () -> get(() -> complete(
        HttpResponse.create().withStatus(200).withEntity(JWK_SET, jwks)
            .addHeader(RawHeader.create("Cache-Control", "public, max-age=60")))));
  }
}
