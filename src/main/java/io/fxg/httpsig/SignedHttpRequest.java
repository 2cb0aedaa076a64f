package io.fxg.httpsig;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * A JDK {@link HttpRequest} signed as SPEC section 4 asks (RFC 9421 over method, path, query and
 * the body's Content-Digest, a fresh nonce each time): the one way fxg's own clients (CLI, demo)
 * build a signed call.
 */
public final class SignedHttpRequest {
  private SignedHttpRequest() {}

  /** {@code body} may be empty (no body sent); a non-empty body is sent as {@code application/json}. */
  public static HttpRequest of(MessageSigner signer, String method, URI uri, byte[] body,
      Map<String, String> headers, Duration timeout) {
    byte[] content = body == null ? new byte[0] : body;
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, content.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(content));
    if (content.length > 0) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    signer.sign(SignedRequestView.of(method, uri, Map.of(), content)).asMap().forEach(request::header);
    return request.build();
  }
}
