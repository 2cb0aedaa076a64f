package io.fxg.policy;

import java.util.Objects;

/**
 * A policy bundle that cannot be installed: malformed, out of range, or with a condition that does
 * not compile. {@link #field()} names the offending JSON path (for example {@code
 * rules[2].obligations.maxDurationSeconds}) so an HTTP layer can answer {@code 400} naming it; the
 * message starts with the same path and says what is wrong.
 */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public PolicyException(String field, String problem) {
    super(field + ": " + problem);
    this.field = Objects.requireNonNull(field, "field");
  }

  public PolicyException(String field, String problem, Throwable cause) {
    super(field + ": " + problem, cause);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** JSON path of the offending field, {@code bundle} when the whole document is at fault. */
  public String field() {
    return field;
  }
}
