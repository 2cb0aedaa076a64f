package io.fxg.mcp;

/** An upstream MCP call that did not yield a result: {@code check} names what failed. */
public final class McpUpstreamException extends Exception {
  private final String check;

  public McpUpstreamException(String check, String detail) {
    super(detail);
    this.check = check;
  }

  public String check() {
    return check;
  }
}
