package io.fxg.policy;

import static io.fxg.policy.RiskScore.EnvironmentTrust.DEGRADED;
import static io.fxg.policy.RiskScore.EnvironmentTrust.TRUSTED;
import static io.fxg.policy.RiskScore.EnvironmentTrust.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented risk formula, term by term, with its caps. */
class RiskScoreTest {

  @ParameterizedTest(name = "denials={0} interruptions={1} {2} depth={3} -> {4}")
  @CsvSource({
      "0, 0, TRUSTED, 0, 0",
      "1, 0, TRUSTED, 0, 10",
      "4, 0, TRUSTED, 0, 40",
      "9, 0, TRUSTED, 0, 40",
      "0, 1, TRUSTED, 0, 20",
      "0, 2, TRUSTED, 0, 40",
      "0, 7, TRUSTED, 0, 40",
      "0, 0, UNKNOWN, 0, 15",
      "0, 0, DEGRADED, 0, 30",
      "0, 0, TRUSTED, 1, 5",
      "0, 0, TRUSTED, 10, 50",
      "0, 0, TRUSTED, 99, 50",
      "2, 0, DEGRADED, 0, 50",
      "1, 1, UNKNOWN, 2, 55",
      "4, 2, DEGRADED, 3, 100",
      "2147483647, 2147483647, DEGRADED, 2147483647, 100",
  })
  void compute_table(int denials, int interruptions, RiskScore.EnvironmentTrust trust, int depth, int risk) {
    assertEquals(risk, RiskScore.compute(denials, interruptions, trust, depth));
  }

  @Test
  void compute_isMonotoneInEverySignal() {
    for (int n = 0; n < 20; n++) {
      assertTrue(RiskScore.compute(n + 1, 1, UNKNOWN, 1) >= RiskScore.compute(n, 1, UNKNOWN, 1));
      assertTrue(RiskScore.compute(1, n + 1, UNKNOWN, 1) >= RiskScore.compute(1, n, UNKNOWN, 1));
      assertTrue(RiskScore.compute(1, 1, UNKNOWN, n + 1) >= RiskScore.compute(1, 1, UNKNOWN, n));
    }
    assertTrue(RiskScore.compute(1, 1, DEGRADED, 1) > RiskScore.compute(1, 1, UNKNOWN, 1));
    assertTrue(RiskScore.compute(1, 1, UNKNOWN, 1) > RiskScore.compute(1, 1, TRUSTED, 1));
  }

  @Test
  void compute_negativeSignal_isRefused() {
    assertEquals("recentDenials must not be negative, got -1",
        assertThrows(IllegalArgumentException.class, () -> RiskScore.compute(-1, 0, TRUSTED, 0))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> RiskScore.compute(0, -1, TRUSTED, 0));
    assertThrows(IllegalArgumentException.class, () -> RiskScore.compute(0, 0, TRUSTED, -1));
    assertThrows(NullPointerException.class, () -> RiskScore.compute(0, 0, null, 0));
  }
}
