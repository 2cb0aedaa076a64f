package io.fxg.httpsig;

import java.time.Instant;

/** The outcome of {@link MessageVerifier#verify}: which key and label verified, or why not. */
public sealed interface Verification permits Verification.Verified, Verification.Refused {

  boolean isVerified();

  /** One signature verified, its nonce was fresh, and the request satisfied the SPEC profile. */
  record Verified(String keyId, String label, Instant created, String nonce)
      implements Verification {
    @Override
    public boolean isVerified() {
      return true;
    }
  }

  /**
   * No signature was acceptable. When several were present, this is the refusal of the first one in
   * {@code Signature-Input} order.
   */
  record Refused(SignatureFailure failure, String detail) implements Verification {
    @Override
    public boolean isVerified() {
      return false;
    }

    /** The stable wire name of the failed check. */
    public String check() {
      return failure.wireName();
    }
  }
}
