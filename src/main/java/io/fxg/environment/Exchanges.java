package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading and answering JDK {@link HttpExchange}s: bounded bodies, JSON, RFC 9457 problems. */
final class Exchanges {
  private Exchanges() {}

  /** The body, or null when it is longer than {@code max} bytes. */
  static byte[] readBody(HttpExchange exchange, int max) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(max + 1);
      return body.length > max ? null : body;
    }
  }

  static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json", Json.writeBytes(body));
  }

  /** An RFC 9457 problem whose {@code check} member names the failed check. */
  static void sendProblem(HttpExchange exchange, int status, String check, String detail)
      throws IOException {
    send(exchange, status, TargetProblem.MEDIA_TYPE, Json.writeBytes(TargetProblem.of(status, check, detail)));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Refuses members other than {@code allowed}, naming the first unknown one. */
  static void requireOnly(JsonNode body, Set<String> allowed) throws TargetContractException {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new TargetContractException("bad-request", name + ": unknown field");
      }
    }
  }

  /** A required string member matching {@code pattern}. */
  static String text(JsonNode body, String name, Pattern pattern) throws TargetContractException {
    JsonNode value = body.get(name);
    if (value == null || !value.isTextual() || !pattern.matcher(value.asText()).matches()) {
      throw new TargetContractException(
          "bad-request", name + ": required string, " + pattern.pattern());
    }
    return value.asText();
  }
}
