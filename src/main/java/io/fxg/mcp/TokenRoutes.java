package io.fxg.mcp;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.http.Authenticated;
import io.fxg.http.Authenticator;
import io.fxg.http.Call;
import io.fxg.http.HttpSettings;
import io.fxg.http.ProblemException;
import io.fxg.http.RouteSupport;
import io.fxg.serialization.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/tokens}, signed by a principal (RFC 9421), with an empty body or {@code {}}:
 * a short-lived bearer token for MCP calls, {@code {"access_token", "token_type": "Bearer",
 * "expires_in"}} (the fields of an OAuth token response, RFC 6749 section 5.1).
 */
public final class TokenRoutes extends RouteSupport {
  private final BearerTokens tokens;

  TokenRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator, BearerTokens tokens) {
    super(system, settings, authenticator);
    this.tokens = tokens;
  }

  public Route route() {
    return path(segment("v1").slash("tokens"), () -> post(() -> serve(this::issue)));
  }

  private CompletionStage<HttpResponse> issue(Call call) {
    Authenticated principal = call.requireSigner();
    if (!Authenticated.PRINCIPAL.equals(principal.kind())) {
      throw new ProblemException(403, "forbidden", "tokens are issued to principals only; " + principal.keyId()
          + " is an " + principal.kind());
    }
    if (call.body().length > 0) {
      try {
        var body = Json.parse(call.body());
        if (!body.isObject() || !body.isEmpty()) {
          throw ProblemException.badRequest(body.isObject() ? body.fieldNames().next() : "body",
              "the body must be empty or {}");
        }
      } catch (java.io.IOException e) {
        throw ProblemException.badRequest("body", "not JSON");
      }
    }
    ObjectNode answer = Json.object();
    answer.put("access_token", tokens.issue(principal));
    answer.put("token_type", "Bearer");
    answer.put("expires_in", tokens.lifetime().getSeconds());
    answer.put("sub", principal.keyId());
    return CompletableFuture.completedFuture(McpRoutes.json(200, answer));
  }
}
