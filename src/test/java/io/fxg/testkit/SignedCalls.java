package io.fxg.testkit;

import io.fxg.crypto.Signer;
import io.fxg.httpsig.ContentDigest;
import io.fxg.httpsig.HttpSignatureException;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignatureBase;
import io.fxg.httpsig.SignatureInput;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.StructuredFields;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** RFC 9421-signed calls to a node on loopback, with the means to break a signature on purpose. */
public final class SignedCalls {
  private final HttpCalls http;

  public SignedCalls(int port) {
    this(() -> port);
  }

  /** Calls to the port the supplier names when a call is made (a fixture's node, once started). */
  public SignedCalls(IntSupplier port) {
    this.http = new HttpCalls(port);
  }

  /** Unsigned calls to the same node. */
  public HttpCalls http() {
    return http;
  }

  public URI uri(String pathAndQuery) {
    return http.uri(pathAndQuery);
  }

  /** The header fields that sign this request as SPEC section 4 asks, at the clock's time. */
  public Map<String, String> sign(Signer key, Clock clock, String method, String pathAndQuery, String body) {
    return MessageSigner.create(key, clock).sign(view(method, pathAndQuery, body)).asMap();
  }

  /** A signature over exactly these components and parameters (which may break the profile). */
  public Map<String, String> signCustom(Signer key, String method, String pathAndQuery, String body,
      List<String> components, Map<String, Object> params) {
    SignedRequestView view = view(method, pathAndQuery, body);
    Map<String, String> headers = new LinkedHashMap<>();
    if (view.hasBody()) {
      headers.put("Content-Digest", ContentDigest.sha256(view.body()));
      view = view.withHeader("Content-Digest", headers.get("Content-Digest"));
    }
    SignatureInput input = new SignatureInput("sig1", components, params);
    try {
      byte[] signature = key.sign(SignatureBase.bytes(view, input));
      headers.put("Signature-Input", input.serializeMember());
      headers.put("Signature", "sig1=" + StructuredFields.serializeBareItem(signature));
    } catch (HttpSignatureException e) {
      throw new IllegalStateException(e);
    }
    return headers;
  }

  public HttpResponse<String> signed(Signer key, String method, String pathAndQuery, String body, String... extra) {
    Map<String, String> headers = new LinkedHashMap<>(sign(key, Clock.systemUTC(), method, pathAndQuery, body));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      headers.put(extra[i], extra[i + 1]);
    }
    return send(method, pathAndQuery, body, headers);
  }

  public HttpResponse<String> send(String method, String pathAndQuery, String body, Map<String, String> headers) {
    return http.send(method, pathAndQuery, body, headers);
  }

  private SignedRequestView view(String method, String pathAndQuery, String body) {
    return SignedRequestView.of(method, uri(pathAndQuery), Map.of(),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }
}
