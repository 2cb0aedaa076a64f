package io.fxg.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which orderings reconciliation passes cover: the whole journal at first, then one horizon. */
class ReconcileWindowTest {
  static final long HORIZON = 120_000;

  @Test
  void firstPasses_sweepFromZero_untilAPassStartIsAHorizonOld() {
    ReconcileWindow window = new ReconcileWindow(HORIZON);
    assertTrue(window.start(0, 1_000));
    assertEquals(0, window.cursor());
    assertEquals(1_000, window.target());
    window.reached(1_000);
    assertFalse(window.passing());
    assertTrue(window.start(60_000, 2_000));
    assertEquals(0, window.cursor());
    window.reached(2_000);
    assertTrue(window.start(120_000, 3_000));
    assertEquals(1_000, window.cursor(), "the ordering the log had a horizon ago is settled");
    window.reached(3_000);
    assertTrue(window.start(200_000, 4_000));
    assertEquals(2_000, window.cursor());
    assertEquals(2_000, window.settled(200_000));
  }

  @Test
  void aRunningPass_continuesInBoundedSteps_andNoSecondStarts() {
    ReconcileWindow window = new ReconcileWindow(HORIZON);
    assertTrue(window.start(0, 500_000));
    window.reached(65_536);
    assertTrue(window.passing());
    assertFalse(window.start(30_000, 600_000), "one pass at a time");
    assertEquals(65_536, window.cursor());
    window.reached(500_000);
    assertFalse(window.passing());
  }

  @Test
  void nothingToCheck_startsNoPass() {
    ReconcileWindow window = new ReconcileWindow(HORIZON);
    assertFalse(window.start(0, 0));
    assertFalse(window.passing());
  }
}
