package io.fxg.crypto;

import java.util.Optional;

/**
 * A key, signature or encoding that failed a check; the message says which check. A failure of one
 * member of a JSON document (a JWK's {@code x}, say) names that member in {@link #member()}, so a
 * caller can report the field without reading it back out of the message.
 */
public final class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String member;
  private final String problem;

  public CryptoException(String message) {
    this(message, null, message, null);
  }

  public CryptoException(String message, Throwable cause) {
    this(message, null, message, cause);
  }

  private CryptoException(String message, String member, String problem, Throwable cause) {
    super(message, cause);
    this.member = member;
    this.problem = problem;
  }

  /** A failure of the member {@code member} of a {@code document} ("jwk"): "document.member: problem". */
  public static CryptoException ofMember(String document, String member, String problem, Throwable cause) {
    return new CryptoException(document + "." + member + ": " + problem, member, problem, cause);
  }

  /** The member of the document that failed, when the failure is one member's. */
  public Optional<String> member() {
    return Optional.ofNullable(member);
  }

  /** The problem without the document and member it is about. */
  public String problem() {
    return problem;
  }
}
