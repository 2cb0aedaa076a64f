package io.fxg.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** A raw 32-byte Ed25519 public key (RFC 8032). */
public final class Ed25519PublicKey {
  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;
  private final byte[] raw;
  private final Ed25519PublicKeyParameters params;

  private Ed25519PublicKey(byte[] raw, Ed25519PublicKeyParameters params) {
    this.raw = raw;
    this.params = params;
  }

  public static Ed25519PublicKey of(byte[] raw) throws CryptoException {
    if (raw == null || raw.length != LENGTH) {
      throw new CryptoException("Ed25519 public key must be 32 bytes");
    }
    try {
      return new Ed25519PublicKey(raw.clone(), new Ed25519PublicKeyParameters(raw, 0));
    } catch (IllegalArgumentException e) {
      throw new CryptoException("not an Ed25519 public key", e);
    }
  }

  public byte[] raw() {
    return raw.clone();
  }

  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != SIGNATURE_LENGTH || message == null) {
      return false;
    }
    org.bouncycastle.crypto.signers.Ed25519Signer verifier =
        new org.bouncycastle.crypto.signers.Ed25519Signer();
    verifier.init(false, params);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey(" + Encoding.b64url(raw) + ")";
  }
}
