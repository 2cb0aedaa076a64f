package io.fxg.mcp;

/** A JSON-RPC error to answer: its code, message and the member at fault (null when none). */
final class JsonRpcError extends Exception {
  private final int code;
  private final String field;

  JsonRpcError(int code, String message, String field) {
    super(message);
    this.code = code;
    this.field = field;
  }

  int code() {
    return code;
  }

  String field() {
    return field;
  }
}
