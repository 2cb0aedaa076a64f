package io.fxg.crypto;

/** Signs bytes with one Ed25519 private key, named by its key id. */
public interface Signer {
  String keyId();

  byte[] sign(byte[] message);

  Ed25519PublicKey publicKey();

  /** A signer over a 32-byte Ed25519 seed (RFC 8032 private key). */
  static Signer ed25519(String keyId, byte[] seed) {
    return new Ed25519Signer(keyId, seed);
  }
}
