package io.fxg.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** A target endpoint whose {@code /fxg/attest} answers whatever envelope the test makes for the nonce. */
final class RogueTarget implements AutoCloseable {
  private final HttpServer server;

  RogueTarget(Function<String, ObjectNode> answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fxg/attest", exchange -> {
      try (exchange) {
        String nonce = Json.parse(exchange.getRequestBody().readAllBytes()).get("nonce").asText();
        byte[] body = Json.write(answer.apply(nonce)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
