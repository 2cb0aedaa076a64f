package io.fxg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fxg submit}: submits one execution signed with a principal's key file, optionally waits
 * for its outcome ({@code Prefer: wait=N}), and prints the gateway's JSON answer. Exit 0 on 2xx,
 * 1 on 4xx/5xx, 2 on bad arguments, 3 when the gateway is unreachable.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit an execution, signed with --key; print the answer (exit 1 on 4xx/5xx).")
public final class SubmitCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  @Option(names = "--target", required = true, description = "DOMAIN/ENVIRONMENT")
  String target;

  @Option(names = "--action", required = true, description = "e.g. invoice.create")
  String action;

  @Option(names = "--resource", required = true, description = "e.g. invoices/2026-11")
  String resource;

  @Option(names = "--params", defaultValue = "{}", description = "parameters as a JSON object (default {})")
  String params;

  @Option(names = "--parent", description = "the parent execution's authorization artifact, when delegating")
  String parent;

  @Option(names = "--max-duration", description = "maxDurationSeconds")
  Integer maxDuration;

  @Option(names = "--wait", defaultValue = "0", description = "seconds to wait for a terminal state (Prefer: wait=N)")
  int waitSeconds;

  @Option(names = "--idempotency-key", description = "retries with the same key return the same execution")
  String idempotencyKey;

  @Override
  public Integer call() throws Exception {
    if (client.key == null) {
      spec.commandLine().getErr().println("fxg submit: --key FILE is required (a private JWK with kid DOMAIN/PRINCIPAL)");
      return 2;
    }
    int slash = target.indexOf('/');
    if (slash <= 0) {
      spec.commandLine().getErr().println("fxg submit: --target must be DOMAIN/ENVIRONMENT");
      return 2;
    }
    JsonNode parameters;
    try {
      parameters = Json.parse(params);
    } catch (IOException e) {
      parameters = null;
    }
    if (parameters == null || !parameters.isObject()) {
      spec.commandLine().getErr().println("fxg submit: --params must be a JSON object");
      return 2;
    }
    ObjectNode body = Json.object();
    body.putObject("target").put("domain", target.substring(0, slash)).put("environment", target.substring(slash + 1));
    body.put("action", action);
    body.put("resource", resource);
    body.set("parameters", parameters);
    if (parent != null) {
      body.put("parent", parent);
    }
    if (maxDuration != null) {
      body.put("maxDurationSeconds", maxDuration);
    }
    SigningClient http = new SigningClient(client.gateway, SigningClient.loadKey(client.key));
    return http.call("POST", "/v1/executions", Json.writeBytes(body),
        SigningClient.headers("Prefer", waitSeconds > 0 ? "wait=" + waitSeconds : null, "Idempotency-Key", idempotencyKey),
        Duration.ofSeconds(30L + Math.max(0, waitSeconds)), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
