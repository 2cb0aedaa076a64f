package io.fxg.environment;

import io.fxg.crypto.CryptoException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Supplies the gateway's keys from its {@code /.well-known/jwks.json}, refetched once the cached
 * copy is older than {@code ttl}. If a refetch fails, the last good set is kept for at most {@code
 * ttl} more, then the supplier fails closed with an empty set (every gateway call is then refused
 * as {@code unknown-key}), so a target never trusts keys it cannot confirm for long.
 */
public final class JwksFetcher implements Supplier<JwksKeys> {
  private static final System.Logger LOG = System.getLogger(JwksFetcher.class.getName());
  private static final JwksKeys NONE = JwksKeys.of(List.of());

  /** Largest JWKS document accepted. */
  public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  private final HttpClient http;
  private final URI jwksUri;
  private final Duration ttl;
  private final Clock clock;
  private JwksKeys cached;
  private Instant fetchedAt = Instant.MIN;
  private Instant lastAttempt = Instant.MIN;

  public JwksFetcher(HttpClient http, URI jwksUri, Duration ttl, Clock clock) {
    this.http = http;
    this.jwksUri = jwksUri;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized JwksKeys get() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(fetchedAt.plus(ttl))) {
      return cached;
    }
    // One attempt per second at most, so an unreachable gateway is not hammered per request.
    if (now.isAfter(lastAttempt.plusSeconds(1))) {
      lastAttempt = now;
      try {
        cached = fetch();
        fetchedAt = now;
        return cached;
      } catch (IOException | CryptoException e) {
        LOG.log(
            System.Logger.Level.WARNING, "JWKS " + jwksUri + " not refreshed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean usable = cached != null && now.isBefore(fetchedAt.plus(ttl).plus(ttl));
    return usable ? cached : NONE;
  }

  private JwksKeys fetch() throws IOException, InterruptedException, CryptoException {
    HttpRequest request =
        HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).GET().build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("status " + response.statusCode());
    }
    if (response.body().length > MAX_DOCUMENT_BYTES) {
      throw new IOException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
    }
    return JwksKeys.parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
