package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.identity.KeyRateLimiter;
import io.fxg.identity.PeerDocument;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.TrustView;
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

/** {@code gateway/NAME} keyids: a registered peer's current key, refused once the peer is removed. */
class SignatureAuthenticatorPeersTest {
  static final Jwk BETA = Jwk.generate("gateway/beta");
  static final String PATH = "/v1/executions";

  static PeerSnapshot beta(long seq, boolean removed) {
    Jwk retired = Jwk.generate(null);
    PeerDocument document = new PeerDocument("http://127.0.0.1:8081",
        List.of(new PeerDocument.GatewayKey("current", Encoding.b64url(BETA.publicKey().raw())),
            new PeerDocument.GatewayKey("retired", Encoding.b64url(retired.publicKey().raw()))),
        "beta.example/log+00000000+AAAA", null, List.of("partner-b"));
    return new PeerSnapshot("beta", seq, document, removed, "00".repeat(32), "2026-12-07T16:00:00Z");
  }

  static SignatureAuthenticator authenticator(TrustView view) {
    return new SignatureAuthenticator(() -> view, Map.of(), (k, n, c) -> CompletableFuture.completedFuture(true),
        KeyRateLimiter.create(100, 100), Clock.systemUTC(), Duration.ofSeconds(300));
  }

  static HttpRequest signedBy(Jwk key) {
    Map<String, String> fields = MessageSigner.create(key.signer().orElseThrow(), Clock.systemUTC())
        .sign(SignedRequestView.of("GET", URI.create("http://127.0.0.1" + PATH), Map.of(), new byte[0])).asMap();
    List<HttpHeader> headers = new ArrayList<>();
    fields.forEach((name, value) -> headers.add(HttpHeader.parse(name, value)));
    return HttpRequest.create(PATH).withMethod(HttpMethods.GET).addHeaders(headers);
  }

  static ProblemException refusal(TrustView view, Jwk key) throws Exception {
    try {
      authenticator(view).authenticate(signedBy(key), new byte[0]).toCompletableFuture().get();
    } catch (ExecutionException e) {
      return (ProblemException) Problems.unwrap(e);
    }
    throw new AssertionError("the request was accepted");
  }

  @Test
  void authenticate_registeredPeersCurrentKey_isTheGatewaySigner() throws Exception {
    Optional<Authenticated> signer = authenticator(TrustView.EMPTY.with(beta(1, false)))
        .authenticate(signedBy(BETA), new byte[0]).toCompletableFuture().get();
    assertEquals(Optional.of(new Authenticated("gateway/beta", "gateway", "beta", Authenticated.GATEWAY, List.of())), signer);
    assertTrue(signer.get().isGateway());
  }

  @Test
  void authenticate_unknownRemovedOrWrongKey_isRefused() throws Exception {
    assertEquals("signature.unknown-key", refusal(TrustView.EMPTY, BETA).type());
    ProblemException removed = refusal(TrustView.EMPTY.with(beta(2, true)), BETA);
    assertEquals("signature.revoked-key", removed.type());
    assertTrue(removed.getMessage().contains("peer beta was removed at 2026-12-07T16:00:00Z"), removed.getMessage());
    assertEquals("signature.bad-signature", refusal(TrustView.EMPTY.with(beta(1, false)),
        Jwk.generate("gateway/beta")).type());
  }

  @Test
  void verifiesWithRefusedKey_removedPeer_namesItAndOnlyThen() {
    assertEquals(Optional.of("gateway/beta"),
        authenticator(TrustView.EMPTY.with(beta(2, true))).verifiesWithRefusedKey(signedBy(BETA), new byte[0]));
    assertEquals(Optional.empty(),
        authenticator(TrustView.EMPTY.with(beta(1, false))).verifiesWithRefusedKey(signedBy(BETA), new byte[0]));
    assertEquals(Optional.empty(), authenticator(TrustView.EMPTY).verifiesWithRefusedKey(signedBy(BETA), new byte[0]));
  }
}
