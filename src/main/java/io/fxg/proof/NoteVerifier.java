package io.fxg.proof;

import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.proof.ProofVerificationException.Reason;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signed-note public key: its name, its 4-byte key hash
 * {@code SHA-256(name || "\n" || 0x01 || pubkey)[:4]} and the key. Its text form, the verifier key,
 * is {@code <name>+<8 hex keyhash>+<base64(0x01 || pubkey)>} as in golang.org/x/mod/sumdb/note.
 */
public final class NoteVerifier {
  private final String name;
  private final int keyHash;
  private final Ed25519PublicKey publicKey;

  private NoteVerifier(String name, int keyHash, Ed25519PublicKey publicKey) {
    this.name = name;
    this.keyHash = keyHash;
    this.publicKey = publicKey;
  }

  /** The verifier for {@code key} under {@code name}; the name must be a valid note key name. */
  public static NoteVerifier of(String name, Ed25519PublicKey key) {
    if (!NoteText.isValidName(name)) {
      throw new IllegalArgumentException("note key name must be non-empty, without spaces or +");
    }
    return new NoteVerifier(name, NoteText.keyHash(name, NoteText.ED25519, key.raw()), key);
  }

  /** Parses a verifier key string; every mangling of name, hash, algorithm or key is refused. */
  public static NoteVerifier parse(String verifierKey) throws ProofVerificationException {
    if (verifierKey == null) {
      throw malformed("missing");
    }
    int first = verifierKey.indexOf('+');
    int second = first < 0 ? -1 : verifierKey.indexOf('+', first + 1);
    if (second < 0) {
      throw malformed("expected <name>+<hash>+<key>");
    }
    String name = verifierKey.substring(0, first);
    Integer hash = NoteText.parseHex8(verifierKey.substring(first + 1, second));
    byte[] typedKey = NoteText.strictBase64(verifierKey.substring(second + 1));
    if (!NoteText.isValidName(name) || hash == null || typedKey == null || typedKey.length == 0) {
      throw malformed("expected <name>+<8 lowercase hex>+<base64 key>");
    }
    if (hash != NoteText.keyHash(name, typedKey[0], Arrays.copyOfRange(typedKey, 1, typedKey.length))) {
      throw malformed("key hash does not match name and key");
    }
    if (typedKey[0] != NoteText.ED25519) {
      throw malformed("unsupported signature type " + (typedKey[0] & 0xff));
    }
    try {
      return new NoteVerifier(name, hash,
          Ed25519PublicKey.of(Arrays.copyOfRange(typedKey, 1, typedKey.length)));
    } catch (CryptoException e) {
      throw new ProofVerificationException(Reason.MALFORMED, "verifier key: " + e.getMessage(), e);
    }
  }

  private static ProofVerificationException malformed(String detail) {
    return new ProofVerificationException(Reason.MALFORMED, "verifier key: " + detail);
  }

  public String name() {
    return name;
  }

  public int keyHash() {
    return keyHash;
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** {@code <name>+<8 hex keyhash>}, how notes and errors name this key. */
  public String keyId() {
    return name + "+" + NoteText.hex8(keyHash);
  }

  /** {@code <name>+<8 hex keyhash>+<base64(0x01 || pubkey)>}. */
  public String verifierKey() {
    return keyId() + "+" + Base64.getEncoder().encodeToString(NoteText.typed(publicKey.raw()));
  }

  /** Whether {@code signature} (without the key hash prefix) signs {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    return publicKey.verify(message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier other
        && name.equals(other.name) && keyHash == other.keyHash && publicKey.equals(other.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyHash;
  }

  @Override
  public String toString() {
    return verifierKey();
  }
}
