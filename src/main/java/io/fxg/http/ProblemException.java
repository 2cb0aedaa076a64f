package io.fxg.http;

/**
 * A refusal that becomes an RFC 9457 problem response. {@code field} names the offending input
 * member when there is one; {@code type} is a stable slug such as {@code signature.stale}.
 */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;
  private final String field;

  public ProblemException(int status, String type, String detail, String field) {
    super(detail);
    this.status = status;
    this.type = type;
    this.field = field;
  }

  public ProblemException(int status, String type, String detail) {
    this(status, type, detail, null);
  }

  public static ProblemException badRequest(String field, String detail) {
    return new ProblemException(400, "invalid-request", field + ": " + detail, field);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "not-found", detail);
  }

  /** The node is at {@code fxg.http.max-pending-submissions}: retry shortly, or on another node. */
  public static ProblemException overloaded(int limit) {
    return new ProblemException(503, "overloaded", "this node already has " + limit
        + " submissions in progress (fxg.http.max-pending-submissions); retry after the Retry-After delay");
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String field() {
    return field;
  }
}
