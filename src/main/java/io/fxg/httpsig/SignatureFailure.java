package io.fxg.httpsig;

/**
 * Why a signed request was refused. The wire name is stable: it appears in problem bodies, lineage
 * records and metrics, so it never changes once published.
 */
public enum SignatureFailure {
  MISSING_SIGNATURE("missing-signature", "the request carries no HTTP message signature"),
  MALFORMED_SIGNATURE_INPUT("malformed-signature-input", "the Signature-Input field is malformed"),
  MALFORMED_SIGNATURE("malformed-signature", "the Signature field is malformed"),
  MISSING_COMPONENT("missing-component", "a required component is not covered by the signature"),
  MISSING_PARAMETER("missing-parameter", "a required signature parameter is missing"),
  UNSUPPORTED_ALG("unsupported-alg", "the signature algorithm is not ed25519"),
  UNKNOWN_KEY("unknown-key", "the signing key is not registered"),
  REVOKED_KEY("revoked-key", "the signing key is revoked"),
  SUSPENDED_DOMAIN("suspended-domain", "the signer's trust domain is suspended"),
  DIGEST_MISMATCH("digest-mismatch", "the Content-Digest does not match the body"),
  STALE("stale", "the signature was created outside the allowed clock skew"),
  FUTURE("future", "the signature claims to be created in the future"),
  EXPIRED("expired", "the signature has expired"),
  REPLAYED("replayed", "the nonce was already used by this key"),
  BAD_SIGNATURE("bad-signature", "the signature does not verify");

  private final String wireName;
  private final String message;

  SignatureFailure(String wireName, String message) {
    this.wireName = wireName;
    this.message = message;
  }

  /** The stable kebab-case name used on the wire, e.g. {@code bad-signature}. */
  public String wireName() {
    return wireName;
  }

  /** A sentence for humans, safe to show to the caller. */
  public String message() {
    return message;
  }

  /** The constant with this wire name. */
  public static SignatureFailure fromWireName(String wireName) {
    for (SignatureFailure failure : values()) {
      if (failure.wireName.equals(wireName)) {
        return failure;
      }
    }
    throw new IllegalArgumentException("unknown signature failure " + wireName);
  }
}
