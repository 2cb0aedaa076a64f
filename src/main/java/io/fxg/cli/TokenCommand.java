package io.fxg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fxg token}: asks the gateway for a short-lived MCP bearer token ({@code POST /v1/tokens},
 * signed with a principal's key file) and prints only the token, for {@code Authorization: Bearer}
 * in an MCP client. Exit 0 on success, 1 when refused (the answer goes to stderr), 2 on bad
 * arguments, 3 when the gateway is unreachable.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Get a short-lived MCP bearer token for the principal of --key; print the token.")
public final class TokenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (client.key == null) {
      err.println("fxg token: --key FILE is required (a private JWK with kid DOMAIN/PRINCIPAL)");
      return 2;
    }
    StringWriter answer = new StringWriter();
    int exit = new SigningClient(client.gateway, SigningClient.loadKey(client.key)).call("POST", "/v1/tokens",
        new byte[0], Map.of(), Duration.ofSeconds(30), new PrintWriter(answer), err);
    if (exit != 0) {
      err.println(answer.toString().strip());
      return exit;
    }
    JsonNode token;
    try {
      token = Json.parse(answer.toString()).path("access_token");
    } catch (IOException e) {
      token = null;
    }
    if (token == null || !token.isTextual()) {
      err.println("fxg token: the gateway's answer holds no access_token: " + answer);
      return 1;
    }
    spec.commandLine().getOut().println(token.asText());
    return 0;
  }
}
