package io.fxg.http;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.cli.VerifyCommand;
import io.fxg.identity.GatewayKeys;
import io.fxg.proof.CheckResult;
import io.fxg.proof.ProofBundle;
import io.fxg.proof.ProofBundleVerifier;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code GET /v1/executions/{id}/proof} on a real node whose artifacts are real JWS: the bundle of
 * a completed and of a denied execution verifies offline with independently fetched keys, in
 * process and through {@code fxg verify}; reads follow the execution's access rule.
 */
class ProofRoutesTest {
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"%s\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250}}";

  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().unsigned().signingStubs().build();
  static final HttpCalls http = gateway.http();
  static final GatewayKeys keys = gateway.keys();
  static String completed;
  static String denied;

  @BeforeAll
  static void start() throws Exception {
    completed = submit("invoice.create");
    denied = submit("invoice.delete");
    // Phase 8, then one more checkpoint so that the proof.persisted record is covered as well.
    await().atMost(Duration.ofSeconds(20)).until(() -> bundleRecords(completed) == 7 && bundleRecords(denied) == 3);
  }

  static String submit(String action) throws Exception {
    HttpResponse<String> response = http.post("/v1/executions", String.format(BODY, action), "Fxg-Test-Caller", CALLER);
    assertEquals(202, response.statusCode(), response.body());
    return Json.parse(response.body()).get("executionId").asText();
  }

  static HttpResponse<String> proof(String id, String caller) {
    return http.get("/v1/executions/" + id + "/proof", "Fxg-Test-Caller", caller);
  }

  static int bundleRecords(String id) throws Exception {
    HttpResponse<String> response = proof(id, CALLER);
    return response.statusCode() == 200 ? Json.parse(response.body()).get("records").size() : 0;
  }

  static ProofBundleVerifier.Result verifyWithFetchedKeys(String bundle) throws Exception {
    return ProofBundleVerifier.withKeys(Json.write(keys.jwks()), http.get("/v1/log/key").body()).verify(bundle);
  }

  @Test
  void completedExecution_bundleVerifiesOffline_everyCheckPassing() throws Exception {
    HttpResponse<String> response = proof(completed, CALLER);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(ProofBundle.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
    ProofBundleVerifier.Result result = verifyWithFetchedKeys(response.body());
    assertTrue(result.ok(), result.report());
    assertTrue(result.checks().stream().noneMatch(c -> c.status() == CheckResult.Status.SKIP), result.report());
    JsonNode bundle = Json.parse(response.body());
    assertEquals("proof.persisted", bundle.at("/records/6/type").asText());
    assertEquals(bundle.at("/records/6/data/logIndex").asLong(), bundle.at("/inclusion/5/index").asLong());
    assertEquals(http.get("/v1/log/key").body(), bundle.at("/keys/log").asText());
  }

  @Test
  void deniedExecution_bundleVerifies_withoutAnArtifact() throws Exception {
    HttpResponse<String> response = proof(denied, "acme/ops");
    assertEquals(200, response.statusCode(), response.body());
    ProofBundleVerifier.Result result = verifyWithFetchedKeys(response.body());
    assertTrue(result.ok(), result.report());
    assertTrue(result.report().contains("SKIP artifact.signature"), result.report());
  }

  @Test
  void fxgVerify_onTheDownloadedBundle_exits0() throws Exception {
    Path bundle = Files.createTempFile("bundle", ".json");
    Files.writeString(bundle, proof(completed, CALLER).body());
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, Json.write(keys.jwks()));
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new VerifyCommand()).setOut(new PrintWriter(out))
        .execute(bundle.toString(), "--jwks", jwks.toString(), "--log-key", http.get("/v1/log/key").body());
    assertEquals(0, exit, out.toString());
  }

  @Test
  void proof_unknownExecution_is404_andOtherDomains_are403() {
    assertEquals(404, proof("01jzzzzzzzzzzzzzzzzzzzzzzz", CALLER).statusCode());
    assertEquals(404, proof("bad!id", CALLER).statusCode());
    HttpResponse<String> forbidden = proof(completed, "partner-b/agent-1");
    assertEquals(403, forbidden.statusCode(), forbidden.body());
  }
}
