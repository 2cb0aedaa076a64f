package io.fxg.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/** A small JDK HTTP client for tests against a node on loopback. */
public final class HttpCalls {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final IntSupplier port;

  public HttpCalls(int port) {
    this(() -> port);
  }

  /** Calls to the port the supplier names when a call is made (a fixture's node, once started). */
  public HttpCalls(IntSupplier port) {
    this.port = port;
  }

  /** The URI of {@code pathAndQuery} on the node. */
  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port.getAsInt() + pathAndQuery);
  }

  /** Sends with header name/value pairs. */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return send(method, path, body, map);
  }

  /** Sends a JSON body (when not null) with these headers. */
  public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    headers.forEach(builder::header);
    try {
      return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    return send("POST", path, body, headers);
  }

  /** The response body as JSON; a body that is not JSON fails the test, naming it. */
  public static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> response) {
    try {
      return io.fxg.serialization.Json.parse(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
