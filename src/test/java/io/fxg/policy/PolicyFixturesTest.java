package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void decide_fromManyThreads_matchesSequentialDecisions() throws Exception {
    List<PolicyFixtures.Sample> samples = PolicyFixtures.samples();
    List<Decision> expected = samples.stream().map(s -> POLICY.decide(s.input())).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            int k = i % samples.size();
            if (!expected.get(k).equals(POLICY.decide(samples.get(k).input()))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
