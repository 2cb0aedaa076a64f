package io.fxg.proof;

import io.fxg.proof.ProofVerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then signature lines
 * {@code — <name> <base64(keyhash4 || signature)>\n} (U+2014 em dash). The text is trusted only
 * after {@link #open} found a signature by a known key and every known key's signature verified;
 * signatures by unknown keys are ignored, as the spec requires.
 */
public final class SignedNote {
  /** Most signature lines a note may carry (the spec asks verifiers to accept at least 16). */
  public static final int MAX_SIGNATURES = 100;
  /** Most characters a note may have. */
  public static final int MAX_NOTE_CHARS = 1 << 20;
  private static final String SIG_PREFIX = "\u2014 ";

  /** One signature line: key name, key hash and the signature bytes after the hash. */
  public record Signature(String name, int keyHash, String base64) {
    /** {@code <name>+<8 hex keyhash>}. */
    public String keyId() {
      return name + "+" + NoteText.hex8(keyHash);
    }

    byte[] signatureBytes() {
      byte[] all = Base64.getDecoder().decode(base64);
      return Arrays.copyOfRange(all, 4, all.length);
    }
  }

  /** An opened note: its text, the signatures that verified, and those by unknown keys. */
  public record Opened(String text, List<Signature> verified, List<Signature> unverified) {}

  private final String text;
  private final List<Signature> signatures;

  private SignedNote(String text, List<Signature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
  }

  /** Parses a note from UTF-8 bytes; invalid UTF-8 is malformed. */
  public static SignedNote parse(byte[] message) throws ProofVerificationException {
    try {
      return parse(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(message)).toString());
    } catch (CharacterCodingException e) {
      throw new ProofVerificationException(Reason.MALFORMED, "malformed note: not UTF-8", e);
    }
  }

  /** Parses a note without verifying anything. */
  public static SignedNote parse(String message) throws ProofVerificationException {
    if (message == null || message.length() > MAX_NOTE_CHARS) {
      throw malformed("missing or longer than " + MAX_NOTE_CHARS + " characters");
    }
    if (!NoteText.isValidText(message)) {
      throw malformed("control character or invalid UTF-16");
    }
    int split = message.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("no blank line before the signatures");
    }
    String text = message.substring(0, split + 1);
    String block = message.substring(split + 2);
    if (block.isEmpty() || !block.endsWith("\n")) {
      throw malformed("signature lines must be present and end in a newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed("more than " + MAX_SIGNATURES + " signatures");
    }
    List<Signature> signatures = new ArrayList<>(lines.length);
    for (String line : lines) {
      signatures.add(parseSignatureLine(line));
    }
    return new SignedNote(text, signatures);
  }

  private static Signature parseSignatureLine(String line) throws ProofVerificationException {
    if (!line.startsWith(SIG_PREFIX)) {
      throw malformed("signature line must start with an em dash and a space");
    }
    String rest = line.substring(SIG_PREFIX.length());
    int space = rest.indexOf(' ');
    String name = space < 0 ? "" : rest.substring(0, space);
    String base64 = space < 0 ? "" : rest.substring(space + 1);
    byte[] raw = NoteText.strictBase64(base64);
    if (!NoteText.isValidName(name) || raw == null || raw.length < 5) {
      throw malformed("signature line must be — <name> <base64 signature>");
    }
    int hash = ByteBuffer.wrap(raw, 0, 4).getInt();
    return new Signature(name, hash, base64);
  }

  /**
   * Signs {@code text} (non-empty, ending in a newline, no control characters) with each signer.
   */
  public static String sign(String text, List<NoteSigner> signers)
      throws ProofVerificationException {
    if (text == null || text.isEmpty() || !text.endsWith("\n") || !NoteText.isValidText(text)) {
      throw malformed("text must be non-empty, end in a newline and hold no control characters");
    }
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a note needs at least one signer");
    }
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder note = new StringBuilder(text).append('\n');
    for (NoteSigner signer : signers) {
      byte[] signature = signer.sign(message);
      ByteBuffer line = ByteBuffer.allocate(4 + signature.length);
      line.putInt(signer.keyHash()).put(signature);
      note.append(SIG_PREFIX).append(signer.name()).append(' ')
          .append(Base64.getEncoder().encodeToString(line.array())).append('\n');
    }
    return note.toString();
  }

  /** Parses and opens {@code message} against {@code verifiers}. */
  public static Opened open(String message, Collection<NoteVerifier> verifiers)
      throws ProofVerificationException {
    return parse(message).open(verifiers);
  }

  /**
   * Verifies every signature by a known key (same name and key hash).
   *
   * @throws ProofVerificationException {@code BAD_SIGNATURE} when a known key's signature fails,
   *     {@code UNKNOWN_KEY} when no signature is by a known key
   */
  public Opened open(Collection<NoteVerifier> verifiers) throws ProofVerificationException {
    Map<String, NoteVerifier> known = new HashMap<>();
    for (NoteVerifier verifier : verifiers) {
      NoteVerifier previous = known.putIfAbsent(verifier.keyId(), verifier);
      if (previous != null && !previous.equals(verifier)) {
        throw new IllegalArgumentException("ambiguous key " + verifier.keyId());
      }
    }
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    List<Signature> verified = new ArrayList<>();
    List<Signature> unverified = new ArrayList<>();
    for (Signature signature : signatures) {
      NoteVerifier verifier = known.get(signature.keyId());
      if (verifier == null) {
        if (!unverified.contains(signature)) {
          unverified.add(signature);
        }
      } else if (!verifier.verify(message, signature.signatureBytes())) {
        throw new ProofVerificationException(
            Reason.BAD_SIGNATURE, "invalid signature for key " + signature.keyId());
      } else if (!verified.contains(signature)) {
        verified.add(signature);
      }
    }
    if (verified.isEmpty()) {
      throw new ProofVerificationException(Reason.UNKNOWN_KEY,
          "note has no signature by a known key (signed by "
              + unverified.stream().map(Signature::keyId).toList() + ")");
    }
    return new Opened(text, List.copyOf(verified), List.copyOf(unverified));
  }

  /** The note text, final newline included; untrusted until opened. */
  public String text() {
    return text;
  }

  public List<Signature> signatures() {
    return signatures;
  }

  private static ProofVerificationException malformed(String detail) {
    return new ProofVerificationException(Reason.MALFORMED, "malformed note: " + detail);
  }
}
