package io.fxg.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the {@code /demo} page can make the demo do: start a scenario (an execution, and for the
 * fail-closed paths the trust change that cuts it off), reset the demo, and report its state.
 * {@link DemoDirector} does it through the gateway's public API as a user would.
 */
public interface DemoActions {

  /**
   * One button of the demo page.
   *
   * @param group {@code scenario} (ordinary outcomes) or {@code fail-closed} (a trust change
   *     interrupts a running execution)
   * @param expect what the execution should end as, like {@code interrupted: trust.attestation}
   */
  record Scenario(String name, String label, String group, String expect, String description) {}

  /** The scenarios offered, in display order. */
  List<Scenario> scenarios();

  /**
   * Starts a scenario and returns at once with its execution id; the trigger of a fail-closed
   * path follows in the background once the execution runs.
   *
   * @throws IllegalArgumentException for an unknown scenario
   */
  String start(String name) throws Exception;

  /** Restores the target's measurements and the lenient policy. */
  void reset() throws Exception;

  /** The target's measurements against the reference, the policy in force, and recent demo actions. */
  ObjectNode state();
}
