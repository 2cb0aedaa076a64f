package io.fxg.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Verifies who signed a request. Completes exceptionally with {@link ProblemException} (401 naming
 * the failed check, 429 over the rate limit); a request without any signature yields empty, so
 * public reads can proceed. Asynchronous because the cluster-wide nonce check asks the database.
 */
public interface Authenticator {
  CompletionStage<Optional<Authenticated>> authenticate(HttpRequest request, byte[] body);

  /**
   * For a request {@link #authenticate} refused because its key may no longer be used (revoked, or
   * its domain suspended): the keyid when the signature nonetheless verifies under that key (the
   * key's holder signed it), else empty. Claims no nonce.
   */
  default Optional<String> verifiesWithRefusedKey(HttpRequest request, byte[] body) {
    return Optional.empty();
  }

  /** Only for tests ({@code fxg.http.allow-unsigned = on}): trusts the {@code Fxg-Test-Caller} header. */
  static Authenticator unsignedForTests() {
    return (request, body) -> CompletableFuture.completedFuture(request.getHeader("Fxg-Test-Caller").map(h -> {
      String keyId = h.value();
      int slash = keyId.indexOf('/');
      String domain = keyId.substring(0, Math.max(0, slash));
      String name = keyId.substring(slash + 1);
      String kind = "admin".equals(domain) ? Authenticated.ADMIN
          : request.getHeader("Fxg-Test-Kind").map(k -> k.value()).orElse(Authenticated.PRINCIPAL);
      return new Authenticated(keyId, domain, name, kind, List.of("invoker"));
    }));
  }
}
