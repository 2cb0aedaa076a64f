package io.fxg.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** SHA-256 through the JDK, and the {@code sha256:<hex>} digest strings used inside documents. */
public final class Digests {
  public static final String ZERO_HASH_HEX = "0".repeat(64);
  private static final Pattern DIGEST_STRING = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  public static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  public static byte[] sha256(byte[] data) {
    return sha256Digest().digest(data);
  }

  public static String sha256Hex(byte[] data) {
    return Encoding.hex(sha256(data));
  }

  /** {@code sha256:<64 lowercase hex>} of the bytes. */
  public static String digestString(byte[] data) {
    return "sha256:" + sha256Hex(data);
  }

  /** {@code sha256:<hex>} of the JCS form of a JSON value. */
  public static String digestOfJson(Object jsonValue) {
    return digestString(Jcs.canonicalize(jsonValue));
  }

  public static boolean isDigestString(String text) {
    return text != null && DIGEST_STRING.matcher(text).matches();
  }
}
