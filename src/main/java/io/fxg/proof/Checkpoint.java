package io.fxg.proof;

import io.fxg.proof.ProofVerificationException.Reason;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * A C2SP {@code tlog-checkpoint}: the note text {@code <origin>\n<size>\n<base64 root>\n} plus
 * optional non-empty extension lines, signed as a {@link SignedNote}. fxg signs with one Ed25519
 * note key whose name is the origin (SPEC section 10).
 */
public final class Checkpoint {
  private final String origin;
  private final long size;
  private final byte[] root;
  private final List<String> extensions;

  private Checkpoint(String origin, long size, byte[] root, List<String> extensions) {
    this.origin = origin;
    this.size = size;
    this.root = root.clone();
    this.extensions = List.copyOf(extensions);
  }

  /** The checkpoint of a tree of {@code size} leaves with {@code root}. */
  public static Checkpoint of(String origin, long size, byte[] root) {
    if (origin == null || origin.isEmpty() || origin.indexOf('\n') >= 0
        || !NoteText.isValidText(origin)) {
      throw new IllegalArgumentException("origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
    MerkleHash.requireHash(root, "root");
    return new Checkpoint(origin, size, root, List.of());
  }

  /** Parses checkpoint note text (no signatures); anything but the exact format is malformed. */
  public static Checkpoint parse(String text) throws ProofVerificationException {
    if (text == null || !text.endsWith("\n") || !NoteText.isValidText(text)) {
      throw malformed("text must end in a newline and hold no control characters");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed("needs origin, size and root hash lines");
    }
    for (String line : lines) {
      if (line.isEmpty()) {
        throw malformed("empty line");
      }
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw malformed("size must be decimal without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new ProofVerificationException(Reason.MALFORMED, "checkpoint: size too large", e);
    }
    byte[] root = NoteText.strictBase64(lines[2]);
    if (root == null || root.length != MerkleHash.SIZE) {
      throw malformed("root hash must be base64 of 32 bytes");
    }
    return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
  }

  /**
   * Opens a signed checkpoint with the log's key, whose name must be the origin.
   *
   * @throws ProofVerificationException naming the failure: {@code MALFORMED}, {@code UNKNOWN_KEY},
   *     {@code BAD_SIGNATURE} or {@code ORIGIN_MISMATCH}
   */
  public static Checkpoint open(String note, NoteVerifier logKey)
      throws ProofVerificationException {
    return open(note, logKey.name(), List.of(logKey));
  }

  /** Opens a signed checkpoint with any of {@code verifiers} and requires {@code origin}. */
  public static Checkpoint open(String note, String origin, Collection<NoteVerifier> verifiers)
      throws ProofVerificationException {
    SignedNote.Opened opened = SignedNote.open(note, verifiers);
    Checkpoint checkpoint = parse(opened.text());
    if (!checkpoint.origin.equals(origin)) {
      throw new ProofVerificationException(Reason.ORIGIN_MISMATCH,
          "checkpoint: origin \"" + checkpoint.origin + "\" where \"" + origin + "\" was expected");
    }
    return checkpoint;
  }

  /** The checkpoint body of a signed note, signatures unchecked: for display, never for trust. */
  public static Checkpoint parseUnverified(String note) throws ProofVerificationException {
    return parse(SignedNote.parse(note).text());
  }

  /** The note text this checkpoint signs. */
  public String text() {
    StringBuilder text = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(root)).append('\n');
    extensions.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /** The signed note: {@link #text()}, a blank line and the signer's signature line. */
  public String sign(NoteSigner signer) {
    try {
      return SignedNote.sign(text(), List.of(signer));
    } catch (ProofVerificationException e) {
      throw new IllegalStateException("checkpoint text is always a valid note text", e);
    }
  }

  public String origin() {
    return origin;
  }

  public long size() {
    return size;
  }

  public byte[] root() {
    return root.clone();
  }

  public List<String> extensions() {
    return extensions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other && origin.equals(other.origin) && size == other.size
        && MessageDigest.isEqual(root, other.root) && extensions.equals(other.extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Checkpoint(" + text().replace('\n', ' ').trim() + ")";
  }

  private static ProofVerificationException malformed(String detail) {
    return new ProofVerificationException(Reason.MALFORMED, "checkpoint: " + detail);
  }
}
