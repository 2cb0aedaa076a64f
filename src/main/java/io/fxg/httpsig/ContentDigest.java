package io.fxg.httpsig;

import io.fxg.httpsig.StructuredFields.Item;
import io.fxg.httpsig.StructuredFields.Member;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * The RFC 9530 {@code Content-Digest} field. fxg sends {@code sha-256}; on receipt it accepts
 * {@code sha-256} and {@code sha-512}, ignores other algorithms as RFC 9530 allows, and requires at
 * least one accepted digest, every one of which must match the body.
 */
public final class ContentDigest {
  /** Longest Content-Digest field value accepted. */
  public static final int MAX_FIELD_LENGTH = 8 * 1024;

  private ContentDigest() {}

  /** The field value fxg sends: {@code sha-256=:<base64>:}. */
  public static String sha256(byte[] body) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(digest("SHA-256", body)) + ":";
  }

  /**
   * Checks a {@code Content-Digest} field value against the body.
   *
   * @throws HttpSignatureException with {@link SignatureFailure#DIGEST_MISMATCH} naming whether the
   *     field is absent, malformed, carries no accepted algorithm, or does not match
   */
  public static void verify(String fieldValue, byte[] body) throws HttpSignatureException {
    if (fieldValue == null) {
      throw mismatch("Content-Digest is missing");
    }
    if (fieldValue.length() > MAX_FIELD_LENGTH) {
      throw mismatch("Content-Digest is longer than " + MAX_FIELD_LENGTH + " characters");
    }
    Map<String, Member> digests;
    try {
      digests = StructuredFields.parseDictionary(fieldValue);
    } catch (ParseException e) {
      throw new HttpSignatureException(
          SignatureFailure.DIGEST_MISMATCH, "Content-Digest is malformed: " + e.getMessage(), e);
    }
    int checked = 0;
    for (Map.Entry<String, Member> entry : digests.entrySet()) {
      String jdkName = jdkAlgorithm(entry.getKey());
      if (jdkName == null) {
        continue;
      }
      if (!(entry.getValue() instanceof Item item) || !(item.value() instanceof byte[] claimed)) {
        throw mismatch("Content-Digest " + entry.getKey() + " is not a byte sequence");
      }
      if (!MessageDigest.isEqual(claimed, digest(jdkName, body))) {
        throw mismatch("Content-Digest " + entry.getKey() + " does not match the body");
      }
      checked++;
    }
    if (checked == 0) {
      throw mismatch("Content-Digest carries neither sha-256 nor sha-512");
    }
  }

  private static String jdkAlgorithm(String rfc9530Name) {
    switch (rfc9530Name) {
      case "sha-256":
        return "SHA-256";
      case "sha-512":
        return "SHA-512";
      default:
        return null;
    }
  }

  private static byte[] digest(String jdkName, byte[] body) {
    try {
      return MessageDigest.getInstance(jdkName).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships " + jdkName, e);
    }
  }

  private static HttpSignatureException mismatch(String detail) {
    return new HttpSignatureException(SignatureFailure.DIGEST_MISMATCH, detail);
  }
}
