package io.fxg.proof;

import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.proof.ProofVerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A witness's Ed25519 C2SP {@code tlog-cosignature} (cosignature/v1) public key: its name, key ID
 * {@code SHA-256(name || 0x0A || 0x04 || pubkey)[:4]} and key. Its text form, the verifier key, is
 * {@code <name>+<8 hex keyID>+<base64(0x04 || pubkey)>}. A cosignature line is
 * {@code — <name> <base64(keyID(4) || timestamp(8, big-endian) || signature(64))>}, the signature
 * over {@code "cosignature/v1\ntime <seconds>\n"} followed by the checkpoint body.
 */
public final class CosignatureVerifier {
  /** Signature type byte of Ed25519 cosignature/v1 keys (C2SP signed-note, tlog-cosignature). */
  static final byte COSIGNATURE_V1 = 0x04;
  /** Bytes of a decoded cosignature/v1 signature: key ID, timestamp, Ed25519 signature. */
  static final int SIGNATURE_BYTES = 4 + 8 + Ed25519PublicKey.SIGNATURE_LENGTH;
  static final String LINE_PREFIX = "\u2014 ";

  private final String name;
  private final int keyId;
  private final Ed25519PublicKey publicKey;

  private CosignatureVerifier(String name, int keyId, Ed25519PublicKey publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.publicKey = publicKey;
  }

  /** The verifier of {@code key} under {@code name} (a valid note key name). */
  public static CosignatureVerifier of(String name, Ed25519PublicKey key) {
    if (!NoteText.isValidName(name)) {
      throw new IllegalArgumentException("witness name must be non-empty, without spaces or +");
    }
    return new CosignatureVerifier(name, NoteText.keyHash(name, COSIGNATURE_V1, key.raw()), key);
  }

  /** Parses {@code <name>+<8 hex keyID>+<base64(0x04 || pubkey)>}; any other key type is refused. */
  public static CosignatureVerifier parse(String verifierKey) throws ProofVerificationException {
    if (verifierKey == null) {
      throw malformed("missing");
    }
    int first = verifierKey.indexOf('+');
    int second = first < 0 ? -1 : verifierKey.indexOf('+', first + 1);
    if (second < 0) {
      throw malformed("expected <name>+<keyID>+<key>");
    }
    String name = verifierKey.substring(0, first);
    Integer id = NoteText.parseHex8(verifierKey.substring(first + 1, second));
    byte[] typed = NoteText.strictBase64(verifierKey.substring(second + 1));
    if (!NoteText.isValidName(name) || id == null || typed == null || typed.length == 0) {
      throw malformed("expected <name>+<8 lowercase hex>+<base64 key>");
    }
    if (typed[0] != COSIGNATURE_V1) {
      throw malformed("not a cosignature/v1 (type 4) key: type " + (typed[0] & 0xff));
    }
    byte[] raw = Arrays.copyOfRange(typed, 1, typed.length);
    if (id != NoteText.keyHash(name, COSIGNATURE_V1, raw)) {
      throw malformed("key ID does not match name and key");
    }
    try {
      return new CosignatureVerifier(name, id, Ed25519PublicKey.of(raw));
    } catch (CryptoException e) {
      throw new ProofVerificationException(Reason.MALFORMED, "witness key: " + e.getMessage(), e);
    }
  }

  /**
   * The cosignature/v1 signed message: header line, time line, then the checkpoint body (its note
   * text, final newline included, no signature lines).
   */
  static byte[] message(String checkpointText, long timestamp) {
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Verifies a cosignature line (a trailing newline allowed) over {@code checkpointText}.
   *
   * @return the cosignature's timestamp, POSIX seconds
   * @throws ProofVerificationException {@code MALFORMED} (not a cosignature/v1 line),
   *     {@code UNKNOWN_KEY} (another witness name or key ID), {@code BAD_SIGNATURE}
   */
  public long verify(String checkpointText, String line) throws ProofVerificationException {
    Parsed parsed = Parsed.of(line);
    if (!parsed.name().equals(name) || parsed.keyId() != keyId) {
      throw new ProofVerificationException(Reason.UNKNOWN_KEY, "cosignature: by "
          + parsed.name() + "+" + NoteText.hex8(parsed.keyId()) + ", not by witness " + keyIdText());
    }
    return verifySignature(checkpointText, parsed.raw());
  }

  /** Verifies the base64 part of a note signature line by this key (name and key ID already matched). */
  long verifySignature(String checkpointText, byte[] raw) throws ProofVerificationException {
    if (raw.length != SIGNATURE_BYTES) {
      throw new ProofVerificationException(Reason.MALFORMED,
          "cosignature: " + raw.length + " bytes where " + SIGNATURE_BYTES + " were expected");
    }
    long timestamp = ByteBuffer.wrap(raw, 4, 8).getLong();
    if (timestamp < 0) {
      throw new ProofVerificationException(Reason.MALFORMED, "cosignature: timestamp above 2^63-1");
    }
    if (!publicKey.verify(message(checkpointText, timestamp), Arrays.copyOfRange(raw, 12, raw.length))) {
      throw new ProofVerificationException(Reason.BAD_SIGNATURE,
          "cosignature: signature of witness " + keyIdText() + " does not verify over the checkpoint");
    }
    return timestamp;
  }

  /** Whether a note signature is this witness's (same name and key ID); its signature is unchecked. */
  public boolean matches(SignedNote.Signature signature) {
    return signature.name().equals(name) && signature.keyHash() == keyId;
  }

  /** Verifies {@code signature}, a signature line of the note whose text is {@code checkpointText}. */
  public long verify(String checkpointText, SignedNote.Signature signature) throws ProofVerificationException {
    if (!matches(signature)) {
      throw new ProofVerificationException(Reason.UNKNOWN_KEY, "cosignature: not by witness " + keyIdText());
    }
    return verifySignature(checkpointText, Base64.getDecoder().decode(signature.base64()));
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** {@code <name>+<8 hex keyID>}, how errors and tables name this witness key. */
  public String keyIdText() {
    return name + "+" + NoteText.hex8(keyId);
  }

  /** {@code <name>+<8 hex keyID>+<base64(0x04 || pubkey)>}. */
  public String verifierKey() {
    byte[] typed = new byte[1 + Ed25519PublicKey.LENGTH];
    typed[0] = COSIGNATURE_V1;
    System.arraycopy(publicKey.raw(), 0, typed, 1, Ed25519PublicKey.LENGTH);
    return keyIdText() + "+" + Base64.getEncoder().encodeToString(typed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosignatureVerifier other
        && name.equals(other.name) && keyId == other.keyId && publicKey.equals(other.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  @Override
  public String toString() {
    return verifierKey();
  }

  private static ProofVerificationException malformed(String detail) {
    return new ProofVerificationException(Reason.MALFORMED, "witness key: " + detail);
  }

  /** A syntactically valid cosignature line: the witness name, key ID and the decoded bytes. */
  public record Parsed(String name, int keyId, byte[] raw) {
    /** Most characters of a cosignature line: a long name and the 76-byte signature in base64. */
    public static final int MAX_LINE_CHARS = 512;

    /** Parses {@code — <name> <base64>}, one trailing newline allowed. */
    public static Parsed of(String line) throws ProofVerificationException {
      if (line == null || line.length() > MAX_LINE_CHARS) {
        throw lineMalformed("missing or longer than " + MAX_LINE_CHARS + " characters");
      }
      String body = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      if (!body.startsWith(LINE_PREFIX) || body.indexOf('\n') >= 0 || !NoteText.isValidText(body)) {
        throw lineMalformed("must be one line — <name> <base64 signature>");
      }
      String rest = body.substring(LINE_PREFIX.length());
      int space = rest.indexOf(' ');
      String name = space < 0 ? "" : rest.substring(0, space);
      byte[] raw = space < 0 ? null : NoteText.strictBase64(rest.substring(space + 1));
      if (!NoteText.isValidName(name) || raw == null) {
        throw lineMalformed("must be — <name> <base64 signature>");
      }
      if (raw.length != SIGNATURE_BYTES) {
        throw lineMalformed(raw.length + " signature bytes where " + SIGNATURE_BYTES + " were expected");
      }
      return new Parsed(name, ByteBuffer.wrap(raw, 0, 4).getInt(), raw);
    }

    /** {@code <name>+<8 hex keyID>}. */
    public String keyIdText() {
      return name + "+" + NoteText.hex8(keyId);
    }

    private static ProofVerificationException lineMalformed(String detail) {
      return new ProofVerificationException(Reason.MALFORMED, "cosignature line: " + detail);
    }
  }
}
