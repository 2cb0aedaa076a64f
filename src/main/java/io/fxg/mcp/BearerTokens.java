package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.http.Authenticated;
import io.fxg.identity.TrustView;
import io.fxg.serialization.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Short-lived bearer tokens for MCP callers: a JWS (typ {@value #TYP}, EdDSA, signed by the
 * gateway key) with {@code iss}, {@code sub} = the principal's keyid, {@code aud} = {@code
 * <issuer>/mcp}, {@code iat}, {@code exp}, {@code jti}. A token is honoured only while it is
 * unexpired, signed by a current or retired gateway key, and its principal is still registered,
 * unrevoked and its domain unsuspended: revoking the key ends its tokens at once.
 */
public final class BearerTokens {
  public static final String TYP = "fxg-token+jwt";
  /** Longest token accepted in an Authorization header. */
  public static final int MAX_TOKEN_LENGTH = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Signer signer;
  private final Supplier<Map<String, Ed25519PublicKey>> verificationKeys;
  private final Supplier<TrustView> trust;
  private final String issuer;
  private final Duration lifetime;
  private final Clock clock;

  public BearerTokens(Signer signer, Supplier<Map<String, Ed25519PublicKey>> verificationKeys, Supplier<TrustView> trust,
      String issuer, Duration lifetime, Clock clock) {
    this.signer = signer;
    this.verificationKeys = verificationKeys;
    this.trust = trust;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A token for a principal that has just proved its key with a signed request. */
  public String issue(Authenticated principal) {
    Instant now = clock.instant();
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    ObjectNode claims = Json.object();
    claims.put("iss", issuer);
    claims.put("sub", principal.keyId());
    claims.put("aud", audience());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("jti", Encoding.b64url(jti));
    return Jws.sign(signer, TYP, claims);
  }

  public String audience() {
    return issuer + "/mcp";
  }

  /** The principal a token stands for; {@link McpException} naming the failed check otherwise. */
  public Authenticated verify(String token) throws McpException {
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new McpException("malformed", "the token is empty or longer than " + MAX_TOKEN_LENGTH);
    }
    JsonNode claims;
    try {
      claims = Jws.verify(token, TYP, kid -> verificationKeys.get().get(kid)).payload();
    } catch (CryptoException e) {
      throw new McpException("bad-signature", e.getMessage());
    }
    long now = clock.instant().getEpochSecond();
    if (!issuer.equals(claims.path("iss").asText()) || !audience().equals(claims.path("aud").asText())) {
      throw new McpException("wrong-audience", "the token was not issued for this gateway's MCP endpoint");
    }
    if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= now) {
      throw new McpException("expired", "the token has expired");
    }
    String subject = claims.path("sub").asText();
    TrustView view = trust.get();
    TrustView.KeyEntry key = view.key(subject)
        .filter(k -> TrustView.KeyEntry.PRINCIPAL.equals(k.kind()))
        .orElseThrow(() -> new McpException("unknown-key", "no principal " + subject + " is registered"));
    if (view.isKeyRevoked(subject)) {
      throw new McpException("revoked-key", "the key of " + subject + " is revoked");
    }
    if (view.isSuspended(key.domain())) {
      throw new McpException("suspended-domain", "domain " + key.domain() + " is suspended");
    }
    return new Authenticated(subject, key.domain(), key.name(), Authenticated.PRINCIPAL, key.roles());
  }
}
