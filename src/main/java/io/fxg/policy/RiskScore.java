package io.fxg.policy;

import java.util.Objects;

/**
 * The {@code context.risk} of a decision, 0–100, from recent signals (SPEC section 6). A pure,
 * deterministic function; the caller gathers the counts over its own window and records the score
 * with the decision.
 *
 * <pre>
 * risk = min(100,
 *            min(40, 10 × recentDenials)          // the principal's denials in the window
 *          + min(40, 20 × recentInterruptions)    // the principal's interrupted executions
 *          + trust(environment)                   // TRUSTED 0, UNKNOWN 15, DEGRADED 30
 *          + min(50, 5 × delegationDepth))        // each hop away from a human-held key
 * </pre>
 *
 * So a clean principal calling a trusted environment directly scores 0; two recent denials and a
 * degraded environment score 50, which a condition like {@code context.risk < 50} refuses.
 */
public final class RiskScore {
  public static final int MAX = 100;
  public static final int PER_DENIAL = 10;
  public static final int DENIALS_CAP = 40;
  public static final int PER_INTERRUPTION = 20;
  public static final int INTERRUPTIONS_CAP = 40;
  public static final int PER_DEPTH = 5;
  public static final int DEPTH_CAP = 50;

  /** The target environment's trust state as the trust monitors last reported it. */
  public enum EnvironmentTrust {
    TRUSTED(0),
    UNKNOWN(15),
    DEGRADED(30);

    private final int points;

    EnvironmentTrust(int points) {
      this.points = points;
    }

    /** What this state adds to the score. */
    public int points() {
      return points;
    }
  }

  private RiskScore() {}

  /**
   * The score for the given signals.
   *
   * @throws IllegalArgumentException if a count or the depth is negative
   */
  public static int compute(int recentDenials, int recentInterruptions,
      EnvironmentTrust environment, int delegationDepth) {
    requireNonNegative("recentDenials", recentDenials);
    requireNonNegative("recentInterruptions", recentInterruptions);
    requireNonNegative("delegationDepth", delegationDepth);
    Objects.requireNonNull(environment, "environment");
    // Cap each term before multiplying so huge counts cannot overflow.
    int denials = Math.min(DENIALS_CAP, PER_DENIAL * Math.min(recentDenials, DENIALS_CAP));
    int interruptions = Math.min(INTERRUPTIONS_CAP,
        PER_INTERRUPTION * Math.min(recentInterruptions, INTERRUPTIONS_CAP));
    int depth = Math.min(DEPTH_CAP, PER_DEPTH * Math.min(delegationDepth, DEPTH_CAP));
    return Math.min(MAX, denials + interruptions + environment.points() + depth);
  }

  private static void requireNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
