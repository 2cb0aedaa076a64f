package io.fxg.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.http.Authenticated;
import io.fxg.identity.DomainDocument;
import io.fxg.identity.DomainSnapshot;
import io.fxg.identity.Revocation;
import io.fxg.identity.TrustView;
import io.fxg.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Bearer tokens: issued to a principal, honoured only while signed, unexpired and the principal valid. */
class BearerTokensTest {
  static final Jwk GATEWAY = Jwk.generate("gateway");
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
  final AtomicReference<TrustView> trust = new AtomicReference<>(TrustView.EMPTY.with(partnerA(false)));
  final BearerTokens tokens = tokens(GATEWAY);

  BearerTokens tokens(Jwk signer) {
    return new BearerTokens(signer.signer().orElseThrow(), () -> Map.of("gateway", GATEWAY.publicKey()), trust::get,
        "fxg", Duration.ofMinutes(15), clock);
  }

  static DomainSnapshot partnerA(boolean suspended) {
    DomainDocument doc = new DomainDocument("Partner A", List.of(new DomainDocument.Principal("agent-7",
        Encoding.b64url(AGENT.publicKey().raw()), List.of("invoker"))), List.of());
    return new DomainSnapshot("partner-a", suspended ? 2 : 1, doc, suspended, suspended ? "audit" : null, "00".repeat(32), "t");
  }

  static final Authenticated PRINCIPAL = new Authenticated("partner-a/agent-7", "partner-a", "agent-7",
      Authenticated.PRINCIPAL, List.of("invoker"));

  @Test
  void issuedToken_verifies_asItsPrincipal() throws Exception {
    Authenticated who = tokens.verify(tokens.issue(PRINCIPAL));
    assertEquals("partner-a/agent-7", who.keyId());
    assertEquals(List.of("invoker"), who.roles());
  }

  @Test
  void oneChangedByte_failsTheSignature() {
    String token = tokens.issue(PRINCIPAL);
    int at = token.lastIndexOf('.') + 5;
    String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    assertEquals("bad-signature", assertThrows(McpException.class, () -> tokens.verify(tampered)).check());
  }

  @Test
  void tokenSignedByAnotherKey_isRefused() {
    String forged = tokens(Jwk.generate("gateway")).issue(PRINCIPAL);
    assertEquals("bad-signature", assertThrows(McpException.class, () -> tokens.verify(forged)).check());
  }

  @Test
  void expiredToken_isRefused() {
    String token = tokens.issue(PRINCIPAL);
    clock.advance(Duration.ofMinutes(15));
    assertEquals("expired", assertThrows(McpException.class, () -> tokens.verify(token)).check());
  }

  @Test
  void revokedKeyOrSuspendedDomain_endsItsTokensAtOnce() {
    String token = tokens.issue(PRINCIPAL);
    trust.set(trust.get().with(new Revocation(Revocation.KEY, "partner-a/agent-7", "test", "t", 1)));
    assertEquals("revoked-key", assertThrows(McpException.class, () -> tokens.verify(token)).check());
    trust.set(TrustView.EMPTY.with(partnerA(true)));
    assertEquals("suspended-domain", assertThrows(McpException.class, () -> tokens.verify(token)).check());
    trust.set(TrustView.EMPTY);
    assertEquals("unknown-key", assertThrows(McpException.class, () -> tokens.verify(token)).check());
  }

  @Test
  void tokenOfAnotherIssuer_orGarbage_isRefused() {
    BearerTokens other = new BearerTokens(GATEWAY.signer().orElseThrow(), () -> Map.of("gateway", GATEWAY.publicKey()),
        trust::get, "other-gateway", Duration.ofMinutes(15), clock);
    String token = other.issue(PRINCIPAL);
    assertEquals("wrong-audience", assertThrows(McpException.class, () -> tokens.verify(token)).check());
    assertEquals("bad-signature", assertThrows(McpException.class, () -> tokens.verify("a.b.c")).check());
    assertEquals("malformed", assertThrows(McpException.class, () -> tokens.verify("")).check());
  }
}
