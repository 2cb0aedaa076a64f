package io.fxg.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The federation trust bundle (SPEC section 5): every domain's public keys (JWKs with kid {@code
 * DOMAIN/NAME}), roles, endpoints and reference measurements, whether it is suspended, and every
 * revocation, as a gateway-signed JWS ({@code typ} {@value #TYP}) that any JOSE library verifies
 * with {@code /.well-known/jwks.json}. {@code seq} grows with every change in the federation.
 */
public final class FederationBundle {
  public static final String TYP = "fxg-federation+jwt";

  private FederationBundle() {}

  /** The payload: {@code iss}, {@code iat}, {@code seq}, {@code domains}, {@code revocations}. */
  public static ObjectNode payload(TrustView view, String issuer, Instant now) {
    ObjectNode payload = Json.object();
    payload.put("iss", issuer);
    payload.put("iat", now.getEpochSecond());
    payload.put("seq", view.sequence());
    ArrayNode domains = payload.putArray("domains");
    for (DomainSnapshot d : view.domains()) {
      ObjectNode domain = d.document().toJson(d.name());
      domain.put("domain", d.name());
      domain.put("suspended", d.suspended());
      domain.put("seq", d.seq());
      domain.put("head", d.head());
      domains.add(domain);
    }
    ArrayNode revocations = payload.putArray("revocations");
    List<Revocation> sorted = view.revocations().stream()
        .sorted(Comparator.comparingLong(Revocation::seq).thenComparing(Revocation::subject))
        .collect(Collectors.toList());
    for (Revocation r : sorted) {
      revocations.addObject().put("kind", r.kind()).put("id", r.id()).put("at", r.at());
    }
    return payload;
  }

  public static String sign(TrustView view, String issuer, Instant now, Signer gatewayKey) {
    return Jws.sign(gatewayKey, TYP, payload(view, issuer, now));
  }
}
