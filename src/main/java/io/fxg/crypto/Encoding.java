package io.fxg.crypto;

import java.util.Base64;
import java.util.HexFormat;

/** Base64, base64url (unpadded) and lowercase hex, the encodings used in every fxg document. */
public final class Encoding {
  private static final HexFormat HEX = HexFormat.of();

  private Encoding() {}

  public static String b64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Decodes unpadded base64url; padding or characters outside the alphabet are refused. */
  public static byte[] fromB64url(String text) throws CryptoException {
    if (text == null || text.indexOf('=') >= 0) {
      throw new CryptoException("base64url must be unpadded");
    }
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("invalid base64url", e);
    }
  }

  public static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static byte[] fromB64(String text) throws CryptoException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CryptoException("invalid base64", e);
    }
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  public static byte[] fromHex(String text) throws CryptoException {
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CryptoException("invalid hex", e);
    }
  }
}
