package io.fxg.crypto;

/** Signs bytes with one Ed25519 private key, named by its key id. */
public interface Signer {
  String keyId();

  byte[] sign(byte[] message);

  Ed25519PublicKey publicKey();

  /** The same key under another key id (a gateway key signing as {@code gateway/NAME} to its peers). */
  default Signer withKeyId(String keyId) {
    Signer key = this;
    return new Signer() {
      @Override
      public String keyId() {
        return keyId;
      }

      @Override
      public byte[] sign(byte[] message) {
        return key.sign(message);
      }

      @Override
      public Ed25519PublicKey publicKey() {
        return key.publicKey();
      }
    };
  }

  /** A signer over a 32-byte Ed25519 seed (RFC 8032 private key). */
  static Signer ed25519(String keyId, byte[] seed) {
    return new Ed25519Signer(keyId, seed);
  }
}
