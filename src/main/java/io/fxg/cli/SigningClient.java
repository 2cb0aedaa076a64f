package io.fxg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedHttpRequest;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The CLI's HTTP client: every request RFC 9421-signed with a private JWK file (kid = the keyid to
 * sign as), a fresh nonce each time, the body's Content-Digest covered. Prints the answer and turns
 * its status into the command's exit code: 0 for 2xx, 1 for 4xx and 5xx, 3 when unreachable.
 */
final class SigningClient {
  static final int UNREACHABLE = 3;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI gateway;
  private final MessageSigner signer;

  SigningClient(URI gateway, Signer key) {
    this.gateway = gateway;
    this.signer = MessageSigner.create(key, Clock.systemUTC());
  }

  /** The private key in the file; its kid names the signer (DOMAIN/PRINCIPAL or admin/NAME). */
  static Signer loadKey(Path file) throws IOException, CryptoException {
    Jwk jwk = Jwk.parse(Files.readString(file));
    if (!jwk.hasPrivate()) {
      throw new CryptoException(file + " holds no private key (\"d\")");
    }
    if (jwk.kid() == null) {
      throw new CryptoException(file + " has no kid: it must name the signer, e.g. partner-a/agent-7");
    }
    return jwk.signer().orElseThrow();
  }

  /** Sends, prints the body to {@code out}, and answers the exit code. */
  int call(String method, String pathAndQuery, byte[] body, Map<String, String> headers, Duration timeout,
      PrintWriter out, PrintWriter err) {
    URI uri = gateway.resolve(pathAndQuery);
    HttpRequest request = SignedHttpRequest.of(signer, method, uri, body, headers, timeout);
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // A refused connection comes as a ConnectException without a message.
      err.println("fxg: " + uri + " could not be reached: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() + " (is a node running there?)" : e.getMessage()));
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
    out.println(pretty(response.body()));
    out.flush();
    if (response.statusCode() >= 400) {
      err.println("fxg: " + method + " " + uri.getPath() + " answered HTTP " + response.statusCode());
      err.flush();
      return 1;
    }
    return 0;
  }

  private static String pretty(String body) {
    try {
      JsonNode json = Json.parse(body);
      return json == null ? body : Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
    } catch (IOException e) {
      return body;
    }
  }

  static Map<String, String> headers(String... pairs) {
    java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        map.put(pairs[i], pairs[i + 1]);
      }
    }
    return map;
  }
}
