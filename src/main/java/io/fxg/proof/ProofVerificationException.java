package io.fxg.proof;

/**
 * A proof, note, checkpoint, tile or bundle that failed a check. The {@link Reason} says which kind
 * of check; the message says what exactly, and the cause is kept.
 */
public final class ProofVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kind of check that failed. */
  public enum Reason {
    /** The input does not have the required syntax or exceeds a size limit. */
    MALFORMED,
    /** No signature is by a key the verifier knows. */
    UNKNOWN_KEY,
    /** A signature by a known key does not verify. */
    BAD_SIGNATURE,
    /** A checkpoint names another log than the one expected. */
    ORIGIN_MISMATCH,
    /** An inclusion or consistency proof does not lead to the expected root. */
    INVALID_PROOF
  }

  private final Reason reason;

  public ProofVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ProofVerificationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
