package io.fxg.proof;

import io.fxg.crypto.Signer;
import io.fxg.proof.ProofVerificationException.Reason;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signed-note private key. Its text form, for configuration, is
 * {@code PRIVATE+KEY+<name>+<8 hex keyhash>+<base64(0x01 || seed)>} as in
 * golang.org/x/mod/sumdb/note; the key hash is that of the public key, so a signer string whose
 * hash does not match its seed is refused.
 */
public final class NoteSigner {
  private static final String PREFIX = "PRIVATE+KEY+";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final NoteVerifier verifier;
  private final Signer signer;
  private final byte[] seed;

  private NoteSigner(String name, byte[] seed) {
    this.seed = seed.clone();
    this.signer = Signer.ed25519(name, this.seed);
    this.verifier = NoteVerifier.of(name, signer.publicKey());
  }

  /** The signer for a 32-byte Ed25519 seed under {@code name}. */
  public static NoteSigner of(String name, byte[] seed) {
    return new NoteSigner(name, seed);
  }

  /** A fresh key pair under {@code name}. */
  public static NoteSigner generate(String name) {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return new NoteSigner(name, seed);
  }

  /** Parses a signer key string; every mangling is refused without saying which key it held. */
  public static NoteSigner parse(String signerKey) throws ProofVerificationException {
    if (signerKey == null || !signerKey.startsWith(PREFIX)) {
      throw malformed("expected PRIVATE+KEY+<name>+<hash>+<key>");
    }
    String rest = signerKey.substring(PREFIX.length());
    int first = rest.indexOf('+');
    int second = first < 0 ? -1 : rest.indexOf('+', first + 1);
    if (second < 0) {
      throw malformed("expected PRIVATE+KEY+<name>+<hash>+<key>");
    }
    String name = rest.substring(0, first);
    Integer hash = NoteText.parseHex8(rest.substring(first + 1, second));
    byte[] typedSeed = NoteText.strictBase64(rest.substring(second + 1));
    if (!NoteText.isValidName(name) || hash == null || typedSeed == null) {
      throw malformed("expected PRIVATE+KEY+<name>+<8 lowercase hex>+<base64 key>");
    }
    if (typedSeed.length != 33 || typedSeed[0] != NoteText.ED25519) {
      throw malformed("expected an Ed25519 (type 1) 32-byte seed");
    }
    NoteSigner parsed = new NoteSigner(name, Arrays.copyOfRange(typedSeed, 1, 33));
    if (parsed.verifier.keyHash() != hash) {
      throw malformed("key hash does not match name and key");
    }
    return parsed;
  }

  private static ProofVerificationException malformed(String detail) {
    return new ProofVerificationException(Reason.MALFORMED, "signer key: " + detail);
  }

  public String name() {
    return verifier.name();
  }

  public int keyHash() {
    return verifier.keyHash();
  }

  public NoteVerifier verifier() {
    return verifier;
  }

  /** {@code PRIVATE+KEY+<name>+<8 hex keyhash>+<base64(0x01 || seed)>}; a secret. */
  public String signerKey() {
    return PREFIX + verifier.keyId() + "+" + Base64.getEncoder().encodeToString(NoteText.typed(seed));
  }

  /** The Ed25519 signature of {@code message}, without the key hash prefix. */
  public byte[] sign(byte[] message) {
    return signer.sign(message);
  }

  @Override
  public String toString() {
    return "NoteSigner(" + verifier.keyId() + ")";
  }
}
