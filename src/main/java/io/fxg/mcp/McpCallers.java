package io.fxg.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.TargetRef;
import io.fxg.http.Authenticated;
import io.fxg.http.Call;
import io.fxg.http.ProblemException;
import io.fxg.identity.DomainDocument;
import io.fxg.identity.Ids;
import io.fxg.identity.KeyRateLimiter;
import io.fxg.identity.TrustView;
import io.fxg.serialization.Json;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Who calls an MCP endpoint, and which environment: the RFC 9421 signer the routes verified, or
 * the principal of a bearer token (rate-limited per key like signed requests); only principals;
 * only registered environments of kind {@code mcp}. A caller without valid credentials gets
 * {@link Unauthorized}, the 401 with the MCP authorization hints.
 */
final class McpCallers {
  private final Supplier<TrustView> trust;
  private final BearerTokens tokens;
  private final KeyRateLimiter limiter;

  McpCallers(Supplier<TrustView> trust, BearerTokens tokens, KeyRateLimiter limiter) {
    this.trust = trust;
    this.tokens = tokens;
    this.limiter = limiter;
  }

  record Target(Authenticated caller, TargetRef ref, DomainDocument.Environment environment) {}

  /** The authenticated principal and the MCP environment, or the HTTP refusal. */
  Target admit(Call call, String domain, String environment) {
    Authenticated caller = call.signer().orElseGet(() -> bearer(call, domain, environment));
    if (caller == null) {
      throw new Unauthorized(domain, environment, null,
          "authenticate with an RFC 9421 signature or Authorization: Bearer <token from POST /v1/tokens>");
    }
    if (!Authenticated.PRINCIPAL.equals(caller.kind())) {
      throw new ProblemException(403, "forbidden", "only principals call tools; " + caller.keyId() + " is an " + caller.kind());
    }
    if (!Ids.isDomain(domain) || !Ids.isLocalId(environment)) {
      throw ProblemException.notFound("no MCP environment " + domain + "/" + environment);
    }
    TargetRef ref = new TargetRef(domain, environment);
    DomainDocument.Environment env = trust.get().environment(ref.id()).map(TrustView.EnvironmentEntry::environment)
        .filter(DomainDocument.Environment::isMcp)
        .orElseThrow(() -> ProblemException.notFound("no environment of kind mcp is registered as " + ref.id()));
    return new Target(caller, ref, env);
  }

  private Authenticated bearer(Call call, String domain, String environment) {
    String header = call.header("Authorization").orElse(null);
    if (header == null) {
      return null;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Unauthorized(domain, environment, "invalid_request", "only the Bearer scheme is accepted");
    }
    Authenticated principal;
    try {
      principal = tokens.verify(header.substring(7).trim());
    } catch (McpException e) {
      throw new Unauthorized(domain, environment, "invalid_token", e.check() + ": " + e.getMessage());
    }
    // The same budget rule as signed requests (fxg.http.rate-limit-*), kept for bearer callers here.
    if (!limiter.tryAcquire(principal.keyId())) {
      throw new ProblemException(429, "rate-limited",
          "key " + principal.keyId() + " exceeds fxg.http.rate-limit-per-second; retry later");
    }
    return principal;
  }

  /** 401 with {@code WWW-Authenticate: Bearer resource_metadata=...} (MCP authorization) and {@code Signature}. */
  static final class Unauthorized extends RuntimeException {
    final String domain;
    final String environment;
    /** The RFC 6750 error code; null when the request carried no credentials at all (section 3.1). */
    final String error;

    Unauthorized(String domain, String environment, String error, String detail) {
      super(detail);
      this.domain = domain;
      this.environment = environment;
      this.error = error;
    }

    HttpResponse response(Call call) {
      String metadata = ProtectedResource.base(call.request()) + ProtectedResource.metadataPath(domain, environment);
      ObjectNode problem = Json.object().put("type", "urn:fxg:problem:mcp.unauthorized").put("title", "Unauthorized")
          .put("status", 401).put("detail", getMessage());
      String bearer = "Bearer " + (error == null ? "" : "error=\"" + error + "\", error_description=\""
          + getMessage().replace("\"", "'") + "\", ") + "resource_metadata=\"" + metadata + "\"";
      return HttpResponse.create().withStatus(401)
          .addHeader(RawHeader.create("WWW-Authenticate", bearer))
          .addHeader(RawHeader.create("WWW-Authenticate", "Signature"))
          .withEntity(ContentTypes.APPLICATION_JSON, Json.writeBytes(problem));
    }
  }
}
