package io.fxg.mcp;

/**
 * The package's one checked exception: a bearer token that does not stand for a principal, or an
 * upstream MCP call that did not yield a result. {@code check} names what failed.
 */
public final class McpException extends Exception {
  private final String check;

  public McpException(String check, String detail) {
    super(detail);
    this.check = check;
  }

  public String check() {
    return check;
  }
}
