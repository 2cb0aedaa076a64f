package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The benchmark fixture stays valid: 20 rules, it compiles, and every sample decides as labelled. */
class PolicyFixturesTest {
  private static final CompiledPolicy POLICY = PolicyFixtures.compiled();

  @Test
  void compiled_hasTwentyRulesMostlyConditional() {
    assertEquals(20, POLICY.bundle().rules().size());
    assertEquals(16, POLICY.bundle().rules().stream().filter(r -> r.condition().isPresent()).count());
  }

  static Stream<PolicyFixtures.Sample> samples() {
    return PolicyFixtures.samples().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void decide_sample_givesLabelledReason(PolicyFixtures.Sample sample) {
    Decision decision = POLICY.decide(sample.input());
    assertEquals(sample.expectedReason(), decision.reason(), decision.explanation());
    assertEquals(decision, POLICY.decide(sample.input()));
  }
}
