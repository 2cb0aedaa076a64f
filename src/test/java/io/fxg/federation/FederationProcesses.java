package io.fxg.federation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.demo.SignedClient;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.CosignatureVerifier;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.SignedNote;
import io.fxg.serialization.Json;
import io.fxg.testkit.CommandProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** What {@link FederationProcessTest} asks of two gateway processes: their views, checkpoints and answers, over HTTP. */
final class FederationProcesses {
  private FederationProcesses() {}

  /**
   * Whether {@code gateway}'s {@code GET /v1/log/checkpoint}, signed by its own log key (its first
   * line), carries a cosignature/v1 line of {@code witness}'s witness key that verifies.
   */
  static boolean cosignedBy(URI gateway, URI witness) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String logKey = get(http, gateway.resolve("v1/log/key")).strip();
    CosignatureVerifier witnessKey = CosignatureVerifier.parse(get(http, witness.resolve("v1/witness/key")).strip());
    String note = get(http, gateway.resolve("v1/log/checkpoint"));
    Checkpoint checkpoint = Checkpoint.open(note, NoteVerifier.parse(logKey));
    SignedNote parsed = SignedNote.parse(note);
    assertEquals(NoteVerifier.parse(logKey).name(), parsed.signatures().get(0).name(), "the log's own signature first");
    for (SignedNote.Signature signature : parsed.signatures()) {
      if (witnessKey.matches(signature)) {
        witnessKey.verify(checkpoint.text(), signature);
        return true;
      }
    }
    return false;
  }

  static String get(HttpClient http, URI uri) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), uri + ": " + response.body());
    return response.body();
  }

  /** The JSON answer a {@code submit} or {@code admin} command printed. */
  static JsonNode printedJson(CommandProcess command) {
    String out = command.output();
    int start = out.indexOf('{');
    int end = out.lastIndexOf('}');
    assertTrue(start >= 0 && end > start, out);
    try {
      return Json.parse(out.substring(start, end + 1));
    } catch (java.io.IOException e) {
      throw new AssertionError(out, e);
    }
  }

  static JsonNode view(SignedClient client, String id) throws Exception {
    return Json.parse(client.send("GET", "/v1/executions/" + id, null, Map.of()).body());
  }

  static JsonNode awaitStatus(SignedClient client, String id, String status, Duration within) {
    JsonNode[] last = new JsonNode[1];
    try {
      await().atMost(within).pollInterval(Duration.ofMillis(50))
          .until(() -> status.equals((last[0] = view(client, id)).path("status").asText()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(id + " not " + status + " within " + within + ": " + last[0], e);
    }
    return last[0];
  }

  static void awaitReady(URI gateway, Duration within) {
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> http.send(
        HttpRequest.newBuilder(gateway.resolve("health/ready")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }

  static String body(String action, String resource, String parameters) {
    return "{\"target\": {\"domain\": \"acme\", \"environment\": \"billing-prod\"}, \"action\": \"" + action
        + "\", \"resource\": \"" + resource + "\", \"parameters\": " + parameters + "}";
  }

  /** gw-a: its partners may call acme (governed by gw-b) under 1000. */
  static String policyA(long version) {
    return """
        {"version": %d, "rules": [
          {"id": "to-acme", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*", "reports/*"],
           "condition": "request.parameters.amount < 1000",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
             "maxDelegationDepth": 0, "freshAttestation": false}}]}""".formatted(version);
  }

  /** gw-b: above the demo's policy; partners only as forwarded by gw-a, and under 500. */
  static String policyB(long version) {
    return """
        {"version": %d, "rules": [
          {"id": "from-gw-a", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*", "peer": "gw-a"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*", "report.generate"], "resources": ["invoices/*", "reports/*"],
           "condition": "request.parameters.amount < 500 && context.peer == 'gw-a' && context.parent != ''",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
             "maxDelegationDepth": 0, "freshAttestation": false}}]}""".formatted(version);
  }
}
