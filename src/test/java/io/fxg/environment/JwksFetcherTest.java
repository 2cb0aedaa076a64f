package io.fxg.environment;

import io.fxg.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwksFetcherTest {

  @Test
  void get_cachesForTtlThenRefetchesAndFailsClosedWhenGatewayStaysDown() throws Exception {
    Jwk first = Jwk.generate(null);
    Jwk second = Jwk.generate(null);
    AtomicReference<Jwk> published = new AtomicReference<>(first);
    AtomicInteger status = new AtomicInteger(200);
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          try (exchange) {
            fetches.incrementAndGet();
            byte[] body =
                ("{\"keys\":[" + Json.write(published.get().toPublicJson()) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
    try {
      MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
      URI uri =
          URI.create(
              "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
      JwksFetcher fetcher =
          new JwksFetcher(HttpClient.newHttpClient(), uri, Duration.ofSeconds(60), clock);

      assertTrue(fetcher.get().find(first.thumbprint()).isPresent());
      published.set(second);
      clock.advance(Duration.ofSeconds(59));
      assertTrue(fetcher.get().find(first.thumbprint()).isPresent());
      assertEquals(1, fetches.get());

      clock.advance(Duration.ofSeconds(2));
      assertTrue(fetcher.get().find(second.thumbprint()).isPresent());
      assertTrue(fetcher.get().find(first.thumbprint()).isEmpty());

      status.set(503);
      clock.advance(Duration.ofSeconds(61));
      assertTrue(fetcher.get().find(second.thumbprint()).isPresent());
      clock.advance(Duration.ofSeconds(60));
      assertTrue(fetcher.get().find(second.thumbprint()).isEmpty());
    } finally {
      server.stop(0);
    }
  }
}
