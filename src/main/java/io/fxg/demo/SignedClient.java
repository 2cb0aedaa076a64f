package io.fxg.demo;

import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedHttpRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A JDK HTTP client that RFC 9421-signs each request with one key, as any fxg client would. */
public final class SignedClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI gateway;
  private final MessageSigner signer;

  public SignedClient(URI gateway, Signer key) {
    this.gateway = gateway;
    this.signer = MessageSigner.create(key, Clock.systemUTC());
  }

  public HttpResponse<String> send(String method, String path, String jsonBody, Map<String, String> headers)
      throws IOException, InterruptedException {
    byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
    HttpRequest request = SignedHttpRequest.of(signer, method, gateway.resolve(path), body, headers, Duration.ofSeconds(70));
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
