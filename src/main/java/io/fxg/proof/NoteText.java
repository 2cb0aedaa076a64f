package io.fxg.proof;

import io.fxg.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The lexical rules of C2SP signed-note shared by notes, keys and checkpoints. */
final class NoteText {
  /** Signature type byte of Ed25519 note keys (C2SP signed-note). */
  static final byte ED25519 = 0x01;

  private NoteText() {}

  /** Key names are non-empty and contain no Unicode space and no {@code +}. */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.indexOf('+') >= 0 || !isValidText(name)) {
      return false;
    }
    return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

  /** No ASCII control character but newline, and no unpaired surrogate (so valid UTF-8). */
  static boolean isValidText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Standard padded base64 in its one canonical spelling, or null. */
  static byte[] strictBase64(String text) {
    try {
      byte[] decoded = Base64.getDecoder().decode(text);
      return Base64.getEncoder().encodeToString(decoded).equals(text) ? decoded : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** First four bytes, big-endian, of {@code SHA-256(name || 0x0A || type || key)}. */
  static int keyHash(String name, byte type, byte[] key) {
    MessageDigest digest = Digests.sha256Digest();
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    digest.update(type);
    digest.update(key);
    byte[] hash = digest.digest();
    return ((hash[0] & 0xff) << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8)
        | (hash[3] & 0xff);
  }

  static String hex8(int keyHash) {
    return String.format("%08x", keyHash);
  }

  /** Exactly eight lowercase hex digits, or null. */
  static Integer parseHex8(String text) {
    if (text.length() != 8 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return null;
    }
    return (int) Long.parseLong(text, 16);
  }

  static byte[] typed(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = ED25519;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }
}
