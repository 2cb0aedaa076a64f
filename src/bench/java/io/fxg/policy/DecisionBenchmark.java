package io.fxg.policy;

import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TargetRef;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * The policy decision with the 20-rule fixture (14 permits, 6 forbids, 16 CEL conditions):
 * {@code decide_mix} cycles through the fixture's 15 labelled inputs (permits and every kind of
 * denial); {@code decide_permit} is the common small-invoice permit; {@code governance_permit} is
 * the whole phase 2 seam on a synchronised node (risk lookups, input from the intent's JSON, the
 * decision, the permit with its obligations JSON). Sample mode, so JMH reports p99.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  private CompiledPolicy policy;
  private DecisionInput[] mix;
  private DecisionInput permit;
  private PolicyGovernance governance;
  private ExecutionIntent intent;
  private int next;

  @Setup
  public void setUp() {
    policy = PolicyFixtures.compiled();
    List<PolicyFixtures.Sample> samples = PolicyFixtures.samples();
    mix = samples.stream().map(PolicyFixtures.Sample::input).toArray(DecisionInput[]::new);
    permit = samples.get(0).input();
    LocalPolicy local = new LocalPolicy();
    local.activate(policy);
    Clock clock = Clock.fixed(PolicyFixtures.NOW, ZoneOffset.UTC);
    governance = new PolicyGovernance(local, new RiskSignals(Duration.ofMinutes(15), clock),
        environment -> RiskScore.EnvironmentTrust.TRUSTED,
        (i, now) -> CompletableFuture.completedFuture(PolicyGovernance.Position.ROOT), clock,
        Duration.ofSeconds(2));
    intent = new ExecutionIntent("01jdbench00000000000000000",
        new Caller("partner-a", "agent-7", Caller.PRINCIPAL), new TargetRef("acme", "billing-prod"),
        "invoice.create", "invoices/2026-11", Json.object().put("amount", 250), null, 30,
        "sha256:" + "ab".repeat(32), List.of("invoker"));
    if (!(governance.decide(intent).toCompletableFuture().join()
        instanceof GovernanceVerdict.Permit)) {
      throw new IllegalStateException("the benchmark intent must be permitted");
    }
  }

  @Benchmark
  public Decision decide_mix() {
    DecisionInput input = mix[next];
    next = next + 1 == mix.length ? 0 : next + 1;
    return policy.decide(input);
  }

  @Benchmark
  public Decision decide_permit() {
    return policy.decide(permit);
  }

  @Benchmark
  public Object governance_permit() {
    return governance.decide(intent).toCompletableFuture().getNow(null);
  }
}
