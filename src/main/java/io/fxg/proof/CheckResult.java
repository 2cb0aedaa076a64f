package io.fxg.proof;

/**
 * One line of a proof bundle verification: {@code PASS|FAIL|SKIP|WARN <check>: <detail>}. Only
 * {@code FAIL} makes a bundle fail; {@code WARN} says the result rests on keys the bundle supplied
 * itself, {@code SKIP} that a check does not apply (no artifact for a denied execution).
 */
public record CheckResult(Status status, String check, String detail) {

  /** The outcome of one check. */
  public enum Status {
    PASS,
    FAIL,
    SKIP,
    WARN
  }

  static CheckResult pass(String check, String detail) {
    return new CheckResult(Status.PASS, check, detail);
  }

  static CheckResult fail(String check, String detail) {
    return new CheckResult(Status.FAIL, check, detail);
  }

  static CheckResult skip(String check, String detail) {
    return new CheckResult(Status.SKIP, check, detail);
  }

  static CheckResult warn(String check, String detail) {
    return new CheckResult(Status.WARN, check, detail);
  }

  public boolean failed() {
    return status == Status.FAIL;
  }

  @Override
  public String toString() {
    return status + " " + check + ": " + detail;
  }
}
