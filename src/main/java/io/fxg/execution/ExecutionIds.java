package io.fxg.execution;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Time-ordered, URL-safe execution ids in the ULID layout: 10 Crockford base32 characters of
 * milliseconds, then 16 of randomness (26 in all).
 */
public final class ExecutionIds {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.regex.Pattern SHAPE =
      java.util.regex.Pattern.compile("[0-9A-Za-z_-]{1,64}");

  private ExecutionIds() {}

  public static String next(Instant now) {
    char[] out = new char[26];
    long millis = now.toEpochMilli();
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long high = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (random[i] & 0xff);
    }
    long low = 0;
    for (int i = 5; i < 10; i++) {
      low = (low << 8) | (random[i] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (high & 31)];
      high >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low >>>= 5;
    }
    return new String(out);
  }

  /** Opaque, URL-safe, at most 64 characters (SPEC section 3). */
  public static boolean isWellFormed(String id) {
    return id != null && SHAPE.matcher(id).matches();
  }
}
