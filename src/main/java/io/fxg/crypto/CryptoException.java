package io.fxg.crypto;

/** A key, signature or encoding that failed a check; the message says which check. */
public final class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
