package io.fxg.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Bouncy Castle's lightweight Ed25519 (no JCE provider), behind {@link Signer}. */
final class Ed25519Signer implements Signer {
  private final String keyId;
  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKey publicKey;

  Ed25519Signer(String keyId, byte[] seed) {
    if (seed == null || seed.length != 32) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
    }
    this.keyId = keyId;
    this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
    try {
      this.publicKey = Ed25519PublicKey.of(privateKey.generatePublicKey().getEncoded());
    } catch (CryptoException e) {
      throw new IllegalStateException("derived public key is always 32 bytes", e);
    }
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public byte[] sign(byte[] message) {
    org.bouncycastle.crypto.signers.Ed25519Signer signer =
        new org.bouncycastle.crypto.signers.Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }
}
