package io.fxg.httpsig;

import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.httpsig.KeyResolver.KeyLookup;
import io.fxg.httpsig.StructuredFields.Item;
import io.fxg.httpsig.StructuredFields.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Verifies an inbound request's RFC 9421 signature under the SPEC section 4 profile: {@code
 * "@method"} and {@code "@path"} always covered, {@code "@query"} when the URL has a query, {@code
 * "content-digest"} when the body is non-empty (and the digest must match); {@code created}, {@code
 * keyid} and {@code nonce} required; {@code alg}, if present, {@code ed25519}; {@code created}
 * within the skew, {@code expires} honoured; each nonce accepted once per key. Any label may be
 * used and one acceptable signature suffices.
 *
 * <p>The nonce is recorded only after the signature verified, so forged requests cannot burn nonces
 * of honest clients.
 */
public final class MessageVerifier {
  /** Default allowed difference between {@code created} and the verifier's clock. */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofSeconds(300);

  private final KeyResolver keys;
  private final NonceRegistry nonces;
  private final Clock clock;
  private final Duration maxSkew;

  public MessageVerifier(KeyResolver keys, NonceRegistry nonces, Clock clock, Duration maxSkew) {
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("maxSkew must not be negative");
    }
    this.keys = keys;
    this.nonces = nonces;
    this.clock = clock;
    this.maxSkew = maxSkew;
  }

  /** A verifier with {@link #DEFAULT_MAX_SKEW}. */
  public static MessageVerifier create(KeyResolver keys, NonceRegistry nonces, Clock clock) {
    return new MessageVerifier(keys, nonces, clock, DEFAULT_MAX_SKEW);
  }

  public Verification verify(SignedRequestView request) {
    String inputField = request.header("signature-input");
    String signatureField = request.header("signature");
    if (inputField == null || signatureField == null) {
      return refused(
          new HttpSignatureException(
              SignatureFailure.MISSING_SIGNATURE,
              inputField == null ? "Signature-Input is missing" : "Signature is missing"));
    }
    Map<String, SignatureInput> inputs;
    Map<String, Member> signatures;
    try {
      inputs = SignatureInput.parseField(inputField);
      signatures =
          SignatureInput.parseDictionary(
              signatureField, "Signature", SignatureFailure.MALFORMED_SIGNATURE);
    } catch (HttpSignatureException e) {
      return refused(e);
    }
    HttpSignatureException first = null;
    for (SignatureInput input : inputs.values()) {
      try {
        return verifyOne(request, input, signatures.get(input.label()));
      } catch (HttpSignatureException e) {
        first = first == null ? e : first;
      }
    }
    return refused(first);
  }

  private Verification.Verified verifyOne(
      SignedRequestView request, SignatureInput input, Member signatureMember)
      throws HttpSignatureException {
    byte[] signature = signatureBytes(input.label(), signatureMember);
    requireCoverage(request, input);
    long created = input.created().orElseThrow(() -> missingParameter(input, "created"));
    String keyId = input.keyId().orElseThrow(() -> missingParameter(input, "keyid"));
    String nonce = input.nonce().orElseThrow(() -> missingParameter(input, "nonce"));
    if (input.alg().isPresent() && !input.alg().get().equals("ed25519")) {
      throw new HttpSignatureException(
          SignatureFailure.UNSUPPORTED_ALG,
          "alg \"" + input.alg().get() + "\" is not supported; use ed25519");
    }
    checkTime(input, created);
    Ed25519PublicKey key = resolve(keyId);
    // An absent Content-Digest is reported by the base builder as a missing covered component.
    if (input.components().contains("content-digest") && request.header("content-digest") != null) {
      ContentDigest.verify(request.header("content-digest"), request.body());
    }
    byte[] base = SignatureBase.bytes(request, input);
    if (!key.verify(base, signature)) {
      throw new HttpSignatureException(
          SignatureFailure.BAD_SIGNATURE,
          "signature " + input.label() + " does not verify with key " + keyId);
    }
    Instant createdAt = Instant.ofEpochSecond(created);
    if (!nonces.firstUse(keyId, nonce, createdAt)) {
      throw new HttpSignatureException(
          SignatureFailure.REPLAYED,
          "nonce of signature " + input.label() + " was already used by key " + keyId);
    }
    return new Verification.Verified(keyId, input.label(), createdAt, nonce);
  }

  private static byte[] signatureBytes(String label, Member member) throws HttpSignatureException {
    if (member == null) {
      throw new HttpSignatureException(
          SignatureFailure.MALFORMED_SIGNATURE, "Signature has no member for label " + label);
    }
    if (!(member instanceof Item item) || !(item.value() instanceof byte[] bytes)) {
      throw new HttpSignatureException(
          SignatureFailure.MALFORMED_SIGNATURE, "Signature " + label + " is not a byte sequence");
    }
    if (bytes.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw new HttpSignatureException(
          SignatureFailure.MALFORMED_SIGNATURE,
          "Signature " + label + " is not " + Ed25519PublicKey.SIGNATURE_LENGTH + " bytes");
    }
    return bytes;
  }

  private static void requireCoverage(SignedRequestView request, SignatureInput input)
      throws HttpSignatureException {
    requireComponent(input, "@method");
    requireComponent(input, "@path");
    if (request.query() != null) {
      requireComponent(input, "@query");
    }
    if (request.hasBody()) {
      requireComponent(input, "content-digest");
    }
  }

  private static void requireComponent(SignatureInput input, String component)
      throws HttpSignatureException {
    if (!input.components().contains(component)) {
      throw new HttpSignatureException(
          SignatureFailure.MISSING_COMPONENT,
          "signature " + input.label() + " does not cover \"" + component + "\"");
    }
  }

  private static HttpSignatureException missingParameter(SignatureInput input, String name) {
    return new HttpSignatureException(
        SignatureFailure.MISSING_PARAMETER,
        "signature " + input.label() + " has no " + name + " parameter");
  }

  private void checkTime(SignatureInput input, long created) throws HttpSignatureException {
    long now = clock.instant().getEpochSecond();
    long skew = maxSkew.getSeconds();
    if (created > now + skew) {
      throw new HttpSignatureException(
          SignatureFailure.FUTURE,
          "signature "
              + input.label()
              + " created "
              + (created - now)
              + " s ahead of this clock (max "
              + skew
              + " s)");
    }
    if (created < now - skew) {
      throw new HttpSignatureException(
          SignatureFailure.STALE,
          "signature "
              + input.label()
              + " created "
              + (now - created)
              + " s ago (max "
              + skew
              + " s)");
    }
    if (input.expires().isPresent() && input.expires().getAsLong() <= now) {
      throw new HttpSignatureException(
          SignatureFailure.EXPIRED,
          "signature "
              + input.label()
              + " expired "
              + (now - input.expires().getAsLong())
              + " s ago");
    }
  }

  private Ed25519PublicKey resolve(String keyId) throws HttpSignatureException {
    KeyLookup lookup = keys.resolve(keyId);
    if (lookup == null) {
      lookup = KeyLookup.unknown();
    }
    if (lookup instanceof KeyLookup.Found found) {
      return found.key();
    }
    KeyLookup.Refused refused = (KeyLookup.Refused) lookup;
    throw new HttpSignatureException(refused.reason(), "key " + keyId + ": " + refused.detail());
  }

  private static Verification.Refused refused(HttpSignatureException e) {
    return new Verification.Refused(e.failure(), e.detail());
  }
}
