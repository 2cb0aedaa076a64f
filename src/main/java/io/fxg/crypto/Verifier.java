package io.fxg.crypto;

/** Checks signatures against one public key. The boolean must never be ignored. */
public interface Verifier {
  boolean verify(byte[] message, byte[] signature);

  static Verifier ed25519(Ed25519PublicKey key) {
    return key::verify;
  }
}
