package io.fxg.httpsig;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 9530 Content-Digest: the published examples, several algorithms, and every refusal. */
class ContentDigestTest {
  /** RFC 9530 examples use this 18-byte content (no trailing newline). */
  static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII);

  static final String HELLO_SHA256 = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
  static final String HELLO_SHA512 =
      "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+"
          + "AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

  @Test
  void sha256_rfc9530Example_matchesPublishedValue() {
    assertEquals(HELLO_SHA256, ContentDigest.sha256(HELLO));
  }

  @Test
  void sha256_withTrailingNewline_isADifferentDigest() {
    byte[] withNewline = "{\"hello\": \"world\"}\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:",
        ContentDigest.sha256(withNewline));
  }

  @Test
  void sha256_emptyBody_isDigestOfNothing() {
    assertEquals(
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
        ContentDigest.sha256(new byte[0]));
  }

  @Test
  void verify_singleAndMultipleAlgorithms_accepts() {
    assertDoesNotThrow(() -> ContentDigest.verify(HELLO_SHA256, HELLO));
    assertDoesNotThrow(() -> ContentDigest.verify(HELLO_SHA512, HELLO));
    assertDoesNotThrow(() -> ContentDigest.verify(HELLO_SHA256 + ", " + HELLO_SHA512, HELLO));
    assertDoesNotThrow(
        () -> ContentDigest.verify("md5=:AAAA:, " + HELLO_SHA256 + ", unixsum=30", HELLO));
  }

  @Test
  void verify_changedBody_isDigestMismatch() {
    byte[] changed = "{\"hello\": \"World\"}".getBytes(StandardCharsets.US_ASCII);
    HttpSignatureException e =
        assertThrows(
            HttpSignatureException.class, () -> ContentDigest.verify(HELLO_SHA256, changed));
    assertEquals(SignatureFailure.DIGEST_MISMATCH, e.failure());
    assertEquals("Content-Digest sha-256 does not match the body", e.detail());
  }

  @Test
  void verify_oneOfTwoDigestsWrong_isDigestMismatch() {
    String wrong512 = "sha-512=:" + HELLO_SHA256.substring(9);
    HttpSignatureException e =
        assertThrows(
            HttpSignatureException.class,
            () -> ContentDigest.verify(HELLO_SHA256 + ", " + wrong512, HELLO));
    assertEquals("Content-Digest sha-512 does not match the body", e.detail());
  }

  @Test
  void verify_refusals_nameWhatIsWrong() {
    assertEquals("Content-Digest is missing", detail(null));
    assertEquals("Content-Digest carries neither sha-256 nor sha-512", detail("md5=:AAAA:"));
    assertEquals("Content-Digest sha-256 is not a byte sequence", detail("sha-256=\"X48E9q\""));
    assertEquals(
        "Content-Digest is malformed: unterminated sf-binary at offset 8",
        detail("sha-256=:X48E9q"));
    assertEquals("Content-Digest is longer than 8192 characters", detail("a=" + "1".repeat(8192)));
  }

  private static String detail(String field) {
    return assertThrows(HttpSignatureException.class, () -> ContentDigest.verify(field, HELLO))
        .detail();
  }
}
