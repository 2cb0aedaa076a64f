package io.fxg.authorization;

import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.execution.TargetRef;
import io.fxg.identity.GatewayKeys;
import io.fxg.serialization.Json;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Phase 3: issuing one authorization artifact (claims, JCS of header and payload, Ed25519
 * signature through Bouncy Castle) for a root execution.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ArtifactBenchmark {
  private ArtifactIssuer issuer;
  private ExecutionIntent intent;
  private GovernanceVerdict.Permit permit;
  private Instant now;

  @Setup
  public void setUp() throws Exception {
    GatewayKeys keys = GatewayKeys.load(Files.createTempDirectory("fxg-bench-keys"), null);
    issuer = new ArtifactIssuer("fxg", keys.signer(), keys.verificationKeys(), (p, c) -> { });
    intent = new ExecutionIntent("01jdbench00000000000000000",
        new Caller("partner-a", "agent-7", Caller.PRINCIPAL), new TargetRef("acme", "billing-prod"),
        "invoice.create", "invoices/2026-11", Json.object().put("amount", 250), null, 30,
        "sha256:" + "ab".repeat(32), List.of("invoker"));
    var obligations = Json.object().put("maxDurationSeconds", 60).put("attestEverySeconds", 15);
    obligations.putArray("requireMeasurements").add("image");
    obligations.put("maxDelegationDepth", 2).put("freshAttestation", false);
    permit = new GovernanceVerdict.Permit(42, "sha256:" + "cd".repeat(32),
        List.of("billing-invoke"), obligations, 15, "permitted: rule 'billing-invoke' matches");
    now = Instant.now();
  }

  @Benchmark
  public IssuedArtifact issue() throws Exception {
    return issuer.issue(intent, permit, now);
  }
}
