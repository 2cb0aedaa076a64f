package io.fxg.identity;

/**
 * Input to the trust federation that is refused: a domain document, a revocation or an attestation
 * answer. {@link #field()} names the offending member (for example {@code principals[0].jwk.x}) so
 * the HTTP layer can answer 400 naming it; the detail never echoes key material.
 */
public final class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String detail;

  public IdentityException(String field, String detail) {
    super(field + ": " + detail);
    this.field = field;
    this.detail = detail;
  }

  public IdentityException(String field, String detail, Throwable cause) {
    super(field + ": " + detail, cause);
    this.field = field;
    this.detail = detail;
  }

  public String field() {
    return field;
  }

  public String detail() {
    return detail;
  }
}
