package io.fxg.environment;

/**
 * A message of the target contract (attestation envelope, authorization artifact, report) that
 * failed a check. {@link #check()} is the stable name of the check (for example {@code
 * bad-signature} or {@code scope:action}); the detail says what was wrong without echoing secrets.
 */
public final class TargetContractException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String check;
  private final String detail;

  public TargetContractException(String check, String detail) {
    super(check + ": " + detail);
    this.check = check;
    this.detail = detail;
  }

  public TargetContractException(String check, String detail, Throwable cause) {
    super(check + ": " + detail, cause);
    this.check = check;
    this.detail = detail;
  }

  public String check() {
    return check;
  }

  public String detail() {
    return detail;
  }
}
