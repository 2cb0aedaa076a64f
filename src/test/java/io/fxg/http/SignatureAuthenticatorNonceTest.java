package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Jwk;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.identity.KeyRateLimiter;
import io.fxg.identity.LiveTrust;
import io.fxg.identity.NonceStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Test;

/** What the authenticator makes of the nonce check's three answers: first use, replay, no answer. */
class SignatureAuthenticatorNonceTest {
  static final Jwk ADMIN = Jwk.generate("admin/ops");
  static final String PATH = "/v1/executions";

  static SignatureAuthenticator authenticator(SignatureAuthenticator.NonceCheck nonces) {
    return new SignatureAuthenticator(new LiveTrust(), Map.of("admin/ops", ADMIN.publicKey()), nonces,
        KeyRateLimiter.create(100, 100), Clock.systemUTC(), Duration.ofSeconds(300));
  }

  static HttpRequest signedRequest() {
    Map<String, String> fields = MessageSigner.create(ADMIN.signer().orElseThrow(), Clock.systemUTC())
        .sign(SignedRequestView.of("GET", URI.create("http://127.0.0.1" + PATH), Map.of(), new byte[0])).asMap();
    List<HttpHeader> headers = new ArrayList<>();
    fields.forEach((name, value) -> headers.add(HttpHeader.parse(name, value)));
    return HttpRequest.create(PATH).withMethod(HttpMethods.GET).addHeaders(headers);
  }

  static ProblemException refusal(SignatureAuthenticator.NonceCheck nonces) throws Exception {
    try {
      authenticator(nonces).authenticate(signedRequest(), new byte[0]).toCompletableFuture().get();
    } catch (ExecutionException e) {
      return (ProblemException) Problems.unwrap(e);
    }
    throw new AssertionError("the request was accepted");
  }

  @Test
  void authenticate_nonceFirstUse_isAccepted() throws Exception {
    Optional<Authenticated> signer = authenticator((k, n, c) -> CompletableFuture.completedFuture(true))
        .authenticate(signedRequest(), new byte[0]).toCompletableFuture().get();
    assertTrue(signer.isPresent());
    assertEquals("admin/ops", signer.get().keyId());
  }

  @Test
  void authenticate_nonceUsedBefore_isRefusedReplayed() throws Exception {
    ProblemException refused = refusal((k, n, c) -> CompletableFuture.completedFuture(false));
    assertEquals(401, refused.status());
    assertEquals("signature.replayed", refused.type());
  }

  @Test
  void authenticate_nonceStoreDown_isRefusedNotReadyRatherThanReplayed() throws Exception {
    ProblemException refused = refusal((k, n, c) -> CompletableFuture.failedFuture(
        new NonceStore.Unavailable("nonce store: connection refused", null)));
    assertEquals(503, refused.status());
    assertEquals("not-ready", refused.type());
  }
}
