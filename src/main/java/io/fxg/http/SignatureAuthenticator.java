package io.fxg.http;

import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.httpsig.KeyResolver;
import io.fxg.httpsig.KeyResolver.KeyLookup;
import io.fxg.httpsig.MessageVerifier;
import io.fxg.httpsig.NonceRegistry;
import io.fxg.httpsig.SignatureFailure;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.Verification;
import io.fxg.identity.Ids;
import io.fxg.identity.KeyRateLimiter;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.Revocation;
import io.fxg.identity.TrustView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * RFC 9421 verification of inbound requests as SPEC section 4 profiles it, against the node's
 * current trust view: {@code admin/NAME} keys from the admin JWKS, {@code DOMAIN/PRINCIPAL} and
 * {@code DOMAIN/ENVIRONMENT} keys from the federated domains (refused when revoked or the domain is
 * suspended), {@code gateway/NAME} from the registered peer gateways (a peer's current key; refused
 * as revoked once the peer is removed). After the signature verified, its nonce is claimed cluster-wide (a nonce used
 * before, on any node, is {@code replayed}) and then the key is charged one token of its rate limit
 * (429 beyond). Every refusal is a 401 problem of type {@code signature.<check>}, except when the
 * nonce check cannot answer (its store is down): then the request is refused {@code 503 not-ready}
 * (fail closed, and not mistaken for a replay).
 */
public final class SignatureAuthenticator implements Authenticator {
  /**
   * The cluster-wide nonce check: completes with true only on a nonce's first use by the key, and
   * exceptionally when it cannot tell (the request is then refused, never accepted).
   */
  @FunctionalInterface
  public interface NonceCheck {
    CompletionStage<Boolean> firstUse(String keyId, String nonce, Instant created);
  }

  private static final String GATEWAY_PREFIX = PeerSnapshot.keyIdOf("");
  private final Supplier<TrustView> trust;
  private final Map<String, Ed25519PublicKey> admins;
  private final NonceCheck nonces;
  private final KeyRateLimiter limiter;
  private final Clock clock;
  private final Duration maxSkew;

  public SignatureAuthenticator(Supplier<TrustView> trust, Map<String, Ed25519PublicKey> admins, NonceCheck nonces,
      KeyRateLimiter limiter, Clock clock, Duration maxSkew) {
    this.trust = trust;
    this.admins = Map.copyOf(admins);
    this.nonces = nonces;
    this.limiter = limiter;
    this.clock = clock;
    this.maxSkew = maxSkew;
  }

  /** The nonce the verifier accepted; the real (asynchronous) claim follows verification. */
  private static final class DeferredNonce implements NonceRegistry {
    private String keyId;
    private String nonce;
    private Instant created;

    @Override
    public boolean firstUse(String keyId, String nonce, Instant created) {
      this.keyId = keyId;
      this.nonce = nonce;
      this.created = created;
      return true;
    }
  }

  @Override
  public CompletionStage<Optional<Authenticated>> authenticate(HttpRequest request, byte[] body) {
    if (request.getHeader("Signature").isEmpty() && request.getHeader("Signature-Input").isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    TrustView view = trust.get();
    DeferredNonce deferred = new DeferredNonce();
    Verification verification = new MessageVerifier(resolver(view), deferred, clock, maxSkew).verify(view(request, body));
    if (verification instanceof Verification.Refused refused) {
      return CompletableFuture.failedFuture(refusal(refused.failure(), refused.detail()));
    }
    String keyId = ((Verification.Verified) verification).keyId();
    Authenticated signer = signer(view, keyId);
    return nonces.firstUse(deferred.keyId, deferred.nonce, deferred.created).handle((first, error) -> {
      if (error != null) {
        throw new ProblemException(503, "not-ready", "replay protection is unavailable (the nonce store did not answer);"
            + " retry later");
      }
      if (!first) {
        throw refusal(SignatureFailure.REPLAYED, "the nonce was already used by key " + keyId + " within "
            + maxSkew.getSeconds() + " s (on this or another node)");
      }
      // Charged only for fresh requests: replays of a captured request cannot spend the key's budget.
      // A peer gateway speaks for all of its callers (forwards, link checks, notices): it is not held
      // to one principal's budget; admission control still bounds what it can start.
      if (!signer.isGateway() && !limiter.tryAcquire(keyId)) {
        throw new ProblemException(429, "rate-limited",
            "key " + keyId + " exceeds fxg.http.rate-limit-per-second; retry later");
      }
      return Optional.of(signer);
    });
  }

  @Override
  public Optional<String> verifiesWithRefusedKey(HttpRequest request, byte[] body) {
    TrustView view = trust.get();
    KeyResolver usable = resolver(view);
    KeyResolver refusedOnly = keyId -> {
      KeyLookup lookup = usable.resolve(keyId);
      boolean refused = lookup instanceof KeyLookup.Refused r && r.reason() != SignatureFailure.UNKNOWN_KEY;
      return refused ? KeyLookup.found(registeredKey(view, keyId)) : KeyLookup.unknown();
    };
    NonceRegistry noClaim = (keyId, nonce, created) -> true;
    Verification verification = new MessageVerifier(refusedOnly, noClaim, clock, maxSkew).verify(view(request, body));
    return verification instanceof Verification.Verified verified ? Optional.of(verified.keyId()) : Optional.empty();
  }

  private KeyResolver resolver(TrustView view) {
    return keyId -> {
      if (keyId.startsWith("admin/")) {
        Ed25519PublicKey admin = admins.get(keyId);
        return admin == null ? KeyLookup.unknown() : KeyLookup.found(admin);
      }
      if (keyId.startsWith(GATEWAY_PREFIX)) {
        return peerKey(view, keyId.substring(GATEWAY_PREFIX.length()));
      }
      if (!Ids.isQualified(keyId)) {
        return KeyLookup.unknown();
      }
      Optional<TrustView.KeyEntry> entry = view.key(keyId);
      if (entry.isEmpty()) {
        return KeyLookup.unknown();
      }
      if (view.isKeyRevoked(keyId)) {
        Revocation revocation = view.revocation(Revocation.KEY, keyId)
            .orElseGet(() -> view.revocation(Revocation.ENVIRONMENT, keyId).orElseThrow());
        return KeyLookup.revoked("revoked at " + revocation.at() + ": " + revocation.reason());
      }
      String domain = entry.get().domain();
      if (view.isSuspended(domain)) {
        return KeyLookup.suspendedDomain("domain " + domain + " is suspended: "
            + view.domain(domain).map(d -> d.suspendReason()).orElse(""));
      }
      return KeyLookup.found(entry.get().key());
    };
  }

  /** A peer gateway's current key; a removed peer's is refused as revoked. */
  private static KeyLookup peerKey(TrustView view, String name) {
    Optional<PeerSnapshot> peer = view.peer(name);
    if (peer.isEmpty()) {
      return KeyLookup.unknown();
    }
    if (peer.get().removed()) {
      return KeyLookup.revoked("peer " + name + " was removed at " + peer.get().updatedAt());
    }
    return KeyLookup.found(peer.get().document().currentKey().publicKey());
  }

  /** The key registered under {@code keyId} (resolvable or refused): a peer's or a domain's. */
  private static Ed25519PublicKey registeredKey(TrustView view, String keyId) {
    if (keyId.startsWith(GATEWAY_PREFIX)) {
      return view.peer(keyId.substring(GATEWAY_PREFIX.length())).orElseThrow().document().currentKey().publicKey();
    }
    return view.key(keyId).orElseThrow().key();
  }

  private static Authenticated signer(TrustView view, String keyId) {
    if (keyId.startsWith("admin/")) {
      return new Authenticated(keyId, "admin", keyId.substring("admin/".length()), Authenticated.ADMIN, List.of("admin"));
    }
    if (keyId.startsWith(GATEWAY_PREFIX)) {
      return new Authenticated(keyId, Authenticated.GATEWAY, keyId.substring(GATEWAY_PREFIX.length()),
          Authenticated.GATEWAY, List.of());
    }
    TrustView.KeyEntry entry = view.key(keyId).orElseThrow();
    String kind = TrustView.KeyEntry.ENVIRONMENT.equals(entry.kind()) ? Authenticated.ENVIRONMENT : Authenticated.PRINCIPAL;
    return new Authenticated(keyId, entry.domain(), entry.name(), kind, entry.roles());
  }

  static ProblemException refusal(SignatureFailure failure, String detail) {
    return new ProblemException(401, "signature." + failure.wireName(), failure.message() + ": " + detail);
  }

  /** The request as the signature covers it; Pekko keeps Content-Type and -Length on the entity. */
  static SignedRequestView view(HttpRequest request, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpHeader header : request.getHeaders()) {
      headers.computeIfAbsent(header.lowercaseName(), n -> new ArrayList<>()).add(header.value());
    }
    if (!request.entity().getContentType().equals(ContentTypes.NO_CONTENT_TYPE)) {
      headers.putIfAbsent("content-type", List.of(request.entity().getContentType().toString()));
    }
    if (body.length > 0) {
      headers.putIfAbsent("content-length", List.of(Integer.toString(body.length)));
    }
    return SignedRequestView.of(request.method().value(), request.getUri().path(),
        request.getUri().rawQueryString().orElse(null), headers, body);
  }

  /**
   * Renders what Pekko refuses before any route runs (an oversize {@code Signature-Input} or
   * {@code Signature} beyond {@code pekko.http.parsing.max-header-value-length}, too many headers,
   * a malformed request line) as an RFC 9457 problem instead of plain text. A raw space or control
   * character in the request target makes Pekko read the rest of the line as the protocol version
   * and answer 505; that is a malformed request line, a client error (RFC 9112 section 3): 400.
   * Configured as {@code pekko.http.server.parsing.error-handler}.
   */
  public static final class HeaderLimits extends org.apache.pekko.http.ParsingErrorHandler {
    @Override
    public org.apache.pekko.http.javadsl.model.HttpResponse handle(
        org.apache.pekko.http.scaladsl.model.StatusCode status, org.apache.pekko.http.scaladsl.model.ErrorInfo info,
        org.apache.pekko.event.LoggingAdapter log, org.apache.pekko.http.scaladsl.settings.ServerSettings settings) {
      int code = status.intValue() == 505 ? 400 : status.intValue();
      String type = code == 431 ? "header-too-large" : code == 413 ? "body-too-large" : "invalid-request";
      return Problems.of(new ProblemException(code, type, info.summary()));
    }
  }
}
