package io.fxg.monitor;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TrustVerdict;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.StubServices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The supervisor interrupts exactly the live executions a trust signal selects, and cascades. */
class ExecutionSupervisorTest {
  static final Jwk ISSUER = Jwk.generate(null);
  static final AtomicReference<GovernanceVerdict> verdict = new AtomicReference<>(permit());
  static final TrustVerdict TRUSTED = new TrustVerdict.Activated("sha256:" + "ab".repeat(32), 5, Json.object());
  /** The phase 4 seam the attestation monitor re-checks through; a null verdict makes it throw. */
  static final AtomicReference<TrustVerdict> trust = new AtomicReference<>(TRUSTED);
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().unsigned().services(services -> StubServices.permitting()
      .apply(services).withGovernance(intent -> CompletableFuture.completedFuture(verdict.get())).withAuthorization(StubServices.chaining(ISSUER))
      .withTrust((intent, artifact, permit) -> {
        TrustVerdict now = trust.get();
        if (now == null) {
          throw new IllegalStateException("verifier crashed");
        }
        return CompletableFuture.completedFuture(now);
      })).build();

  static GovernanceVerdict permit() {
    return new GovernanceVerdict.Permit(1, "sha256:" + "11".repeat(32), List.of("r1"),
        Json.object().put("maxDurationSeconds", 60), 0, "r1 permitted");
  }

  static JsonNode view(String id) throws Exception {
    return Json.parse(gateway.http().get("/v1/executions/" + id, "Fxg-Test-Caller", "admin/root").body());
  }

  static String startRunning(String environment, String parent, String... caller) throws Exception {
    String body = "{\"target\":{\"domain\":\"acme\",\"environment\":\"" + environment + "\"},\"action\":\"report.generate\","
        + "\"resource\":\"reports/1\",\"parameters\":{}" + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "}";
    String[] headers = caller.length == 0 ? new String[] {"Fxg-Test-Caller", CALLER} : caller;
    var response = gateway.http().post("/v1/executions", body, headers);
    assertEquals(202, response.statusCode(), response.body());
    String id = Json.parse(response.body()).get("executionId").asText();
    await().atMost(Duration.ofSeconds(5)).until(() -> view(id).get("status").asText().equals("running"));
    return id;
  }

  @Test
  void environmentSignal_interruptsOnlyThatEnvironment() throws Exception {
    String hit = startRunning("billing-prod", null);
    String spared = startRunning("billing-eu", null);
    gateway.node().supervisor().tell(new ExecutionSupervisor.Publish(new TrustSignal(TrustSignal.Scope.ENVIRONMENT,
        "acme/billing-prod", "trust.attestation", "measurement image changed", "attestation", "sha256:" + "cd".repeat(32))));
    await().atMost(Duration.ofSeconds(1)).until(() -> view(hit).get("status").asText().equals("interrupted"));
    assertEquals("trust.attestation", view(hit).at("/outcome/reason").asText());
    assertEquals("revoked", Json.parse(gateway.http().get("/v1/authorizations/" + hit + "/status").body()).get("status").asText());
    assertEquals("running", view(spared).get("status").asText());
    gateway.http().post("/v1/executions/" + spared + "/cancel", null, "Fxg-Test-Caller", CALLER);
  }

  @Test
  void interruptedParent_cascadesToLiveChild() throws Exception {
    String parent = startRunning("billing-prod", null);
    String artifact = view(parent).get("artifact").asText();
    String child = startRunning("billing-eu", artifact, "Fxg-Test-Caller", "acme/billing-prod", "Fxg-Test-Kind", "environment");
    assertEquals(200, gateway.http().post("/v1/executions/" + parent + "/cancel", null, "Fxg-Test-Caller", CALLER).statusCode());
    await().atMost(Duration.ofSeconds(2)).until(() -> view(child).get("status").asText().equals("interrupted"));
    assertEquals("trust.revoked", view(child).at("/outcome/reason").asText());
  }

  @Test
  void committedPolicyThatNoLongerPermits_interruptsWithPolicyChanged() throws Exception {
    String id = startRunning("billing-prod", null);
    verdict.set(new GovernanceVerdict.Deny("policy.no-matching-rule", "rule r1 was removed", 2, "sha256:" + "22".repeat(32)));
    try {
      gateway.node().supervisor().tell(new ExecutionSupervisor.PolicyCommitted(2));
      await().atMost(Duration.ofSeconds(1)).until(() -> view(id).get("status").asText().equals("interrupted"));
      assertEquals("governance.policy-changed", view(id).at("/outcome/reason").asText());
    } finally {
      verdict.set(permit());
    }
  }

  @Test
  void attestationMonitor_refusalOnRecheck_interruptsWithTrustAttestation() throws Exception {
    String id = startRunning("billing-prod", null);
    long started = System.nanoTime();
    trust.set(new TrustVerdict.Refused("trust.attestation", "acme/billing-prod: measurement-mismatch:image"));
    try {
      await().atMost(Duration.ofSeconds(3)).until(() -> view(id).get("status").asText().equals("interrupted"));
      System.out.printf("attestation verdict to execution.interrupted: within %d ms (monitor tick %d ms)%n",
          (System.nanoTime() - started) / 1_000_000, AttestationMonitor.TICK.toMillis());
      assertEquals("trust.attestation", view(id).at("/outcome/reason").asText());
      assertEquals("measurement-mismatch:image", view(id).at("/outcome/detail").asText().replaceAll(".*: ", ""));
    } finally {
      trust.set(TRUSTED);
    }
  }

  @Test
  void attestationMonitor_crash_interruptsWhatItWatched() throws Exception {
    String id = startRunning("billing-prod", null);
    trust.set(null);
    try {
      await().atMost(Duration.ofSeconds(3)).until(() -> view(id).get("status").asText().equals("interrupted"));
      assertEquals("trust.attestation", view(id).at("/outcome/reason").asText());
      assertTrue(view(id).at("/outcome/detail").asText().contains("attestation monitor failed"), view(id).toString());
    } finally {
      trust.set(TRUSTED);
    }
  }

  @Test
  void nodeDegraded_interruptsEverythingLiveHere() throws Exception {
    String a = startRunning("billing-prod", null);
    String b = startRunning("billing-eu", null);
    gateway.node().supervisor().tell(new ExecutionSupervisor.NodeDegraded("governance.partitioned", "lost quorum", "cluster-health"));
    await().atMost(Duration.ofSeconds(1)).until(() -> view(a).get("status").asText().equals("interrupted")
        && view(b).get("status").asText().equals("interrupted"));
    assertEquals("governance.partitioned", view(b).at("/outcome/reason").asText());
  }
}
