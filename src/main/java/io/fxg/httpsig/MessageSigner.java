package io.fxg.httpsig;

import io.fxg.crypto.Encoding;
import io.fxg.crypto.Signer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs outgoing requests the way SPEC section 4 requires them: covers {@code "@method"}, {@code
 * "@path"}, {@code "@query"} when the URL has a query and {@code "content-digest"} when there is a
 * body (setting {@code Content-Digest: sha-256=:..:}); parameters {@code created}, optional {@code
 * expires}, {@code keyid} (the signer's key id), {@code alg="ed25519"} and a fresh random {@code
 * nonce}. Immutable and thread-safe.
 */
public final class MessageSigner {
  /** Label used unless another is chosen. */
  public static final String DEFAULT_LABEL = "sig1";

  /** Random bytes in each nonce (encoded as unpadded base64url). */
  public static final int NONCE_BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Signer signer;
  private final Clock clock;
  private final String label;
  private final Duration expiresAfter;

  private MessageSigner(Signer signer, Clock clock, String label, Duration expiresAfter) {
    this.signer = signer;
    this.clock = clock;
    this.label = label;
    this.expiresAfter = expiresAfter;
  }

  /** A signer using {@code signer.keyId()} as {@code keyid}, label {@value #DEFAULT_LABEL}. */
  public static MessageSigner create(Signer signer, Clock clock) {
    if (signer.keyId() == null || signer.keyId().isEmpty()) {
      throw new IllegalArgumentException("the signer needs a key id");
    }
    return new MessageSigner(signer, clock, DEFAULT_LABEL, null);
  }

  /** The same signer with another label (an RFC 8941 key). */
  public MessageSigner withLabel(String newLabel) {
    if (!StructuredFields.isKey(newLabel)) {
      throw new IllegalArgumentException("a label is an RFC 8941 key: " + newLabel);
    }
    return new MessageSigner(signer, clock, newLabel, expiresAfter);
  }

  /** The same signer adding {@code expires = created + lifetime}; null removes it. */
  public MessageSigner withExpiresAfter(Duration lifetime) {
    return new MessageSigner(signer, clock, label, lifetime);
  }

  /**
   * Signs the request and returns the header fields to add to it. A {@code Content-Digest} already
   * on the view is replaced by the one computed here.
   */
  public SignatureHeaders sign(SignedRequestView request) {
    String contentDigest = null;
    SignedRequestView view = request;
    List<String> components = new ArrayList<>(List.of("@method", "@path"));
    if (request.query() != null) {
      components.add("@query");
    }
    if (request.hasBody()) {
      contentDigest = ContentDigest.sha256(request.body());
      view = request.withHeader("content-digest", contentDigest);
      components.add("content-digest");
    }
    long created = clock.instant().getEpochSecond();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", created);
    params.put("keyid", signer.keyId());
    params.put("alg", "ed25519");
    params.put("nonce", newNonce());
    if (expiresAfter != null) {
      params.put("expires", created + expiresAfter.getSeconds());
    }
    SignatureInput input = new SignatureInput(label, components, params);
    byte[] base;
    try {
      base = SignatureBase.bytes(view, input);
    } catch (HttpSignatureException e) {
      throw new IllegalStateException("derived components are always present", e);
    }
    String signature = label + "=" + StructuredFields.serializeBareItem(signer.sign(base));
    return new SignatureHeaders(contentDigest, input.serializeMember(), signature);
  }

  private static String newNonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return Encoding.b64url(nonce);
  }
}
