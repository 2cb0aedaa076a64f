package io.fxg.proof;

import io.fxg.crypto.Signer;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A witness's Ed25519 cosignature/v1 private key (C2SP tlog-cosignature): cosigns checkpoint
 * bodies it has checked, as note signature lines
 * {@code — <name> <base64(keyID || timestamp || signature)>}.
 */
public final class CosignatureSigner {
  private final Signer signer;
  private final CosignatureVerifier verifier;

  private CosignatureSigner(String name, byte[] seed) {
    this.signer = Signer.ed25519(name, seed.clone());
    this.verifier = CosignatureVerifier.of(name, signer.publicKey());
  }

  /** The cosigner for a 32-byte Ed25519 seed under witness {@code name}. */
  public static CosignatureSigner of(String name, byte[] seed) {
    return new CosignatureSigner(name, seed);
  }

  public CosignatureVerifier verifier() {
    return verifier;
  }

  public String name() {
    return verifier.name();
  }

  /**
   * The cosignature line (no trailing newline) over {@code checkpointText}, the checkpoint's note
   * text without signatures, at POSIX second {@code timestamp}.
   */
  public String cosign(String checkpointText, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must not be negative");
    }
    byte[] signature = signer.sign(CosignatureVerifier.message(checkpointText, timestamp));
    ByteBuffer raw = ByteBuffer.allocate(CosignatureVerifier.SIGNATURE_BYTES)
        .putInt(verifier.keyId()).putLong(timestamp).put(signature);
    return CosignatureVerifier.LINE_PREFIX + verifier.name() + " " + Base64.getEncoder().encodeToString(raw.array());
  }

  @Override
  public String toString() {
    return "CosignatureSigner(" + verifier.keyIdText() + ")";
  }
}
