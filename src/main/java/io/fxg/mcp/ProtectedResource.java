package io.fxg.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP endpoint, which the MCP authorization
 * spec points unauthenticated clients to ({@code resource_metadata} in {@code WWW-Authenticate}).
 * fxg is not an OAuth authorization server: tokens come from the principal's RFC 9421-signed
 * {@code POST /v1/tokens}, which the document names ({@code fxg_token_endpoint}); it therefore lists
 * no {@code authorization_servers}.
 */
final class ProtectedResource {
  private ProtectedResource() {}

  static String metadataPath(String domain, String environment) {
    return "/.well-known/oauth-protected-resource/mcp/" + domain + "/" + environment;
  }

  /** The gateway's base URL as this request reached it (scheme and Host). */
  static String base(HttpRequest request) {
    String scheme = request.getUri().scheme();
    String host = request.getHeader("Host").map(h -> h.value())
        .orElse(request.getUri().host().address() + ":" + request.getUri().port());
    return (scheme == null || scheme.isEmpty() ? "http" : scheme) + "://" + host;
  }

  static ObjectNode metadata(String base, String domain, String environment) {
    ObjectNode json = Json.object();
    json.put("resource", base + "/mcp/" + domain + "/" + environment);
    json.putArray("bearer_methods_supported").add("header");
    json.put("resource_name", "fxg MCP gateway for " + domain + "/" + environment);
    json.put("fxg_token_endpoint", base + "/v1/tokens");
    json.putArray("fxg_authentication_methods").add("rfc9421-signature").add("bearer");
    return json;
  }
}
