package io.fxg.httpsig;

/**
 * A signed request, signature field or digest that failed a check. Carries the {@link
 * SignatureFailure} naming the check and a detail that says exactly what was wrong; the detail
 * never contains key material or a stack trace, so it can go into a problem body.
 */
public final class HttpSignatureException extends Exception {
  private static final long serialVersionUID = 1L;
  private final SignatureFailure failure;
  private final String detail;

  public HttpSignatureException(SignatureFailure failure, String detail) {
    super(failure.wireName() + ": " + detail);
    this.failure = failure;
    this.detail = detail;
  }

  public HttpSignatureException(SignatureFailure failure, String detail, Throwable cause) {
    super(failure.wireName() + ": " + detail, cause);
    this.failure = failure;
    this.detail = detail;
  }

  public SignatureFailure failure() {
    return failure;
  }

  public String detail() {
    return detail;
  }
}
