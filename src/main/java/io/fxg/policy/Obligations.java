package io.fxg.policy;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a permit rule requires of an execution it allows (SPEC section 6). When several permits
 * match, {@link #strictest(Obligations)} combines them: the smaller duration, attestation interval
 * and delegation depth, the union of required measurements, and fresh attestation if any asks.
 *
 * <p>Invariant: every bound holds ({@code 1 ≤ maxDurationSeconds ≤ 86400}, {@code 1 ≤
 * attestEverySeconds ≤ 3600}, {@code 0 ≤ maxDelegationDepth ≤ 16}, at most {@value
 * #MAX_MEASUREMENTS} distinct measurement names); {@code requireMeasurements} is immutable and, in
 * combined obligations, sorted.
 */
public record Obligations(
    int maxDurationSeconds,
    int attestEverySeconds,
    List<String> requireMeasurements,
    int maxDelegationDepth,
    boolean freshAttestation) {

  public static final int MAX_DURATION_SECONDS = 86_400;
  public static final int MAX_ATTEST_EVERY_SECONDS = 3_600;
  public static final int MAX_DELEGATION_DEPTH = 16;
  public static final int MAX_MEASUREMENTS = 16;

  public Obligations {
    requireInRange("maxDurationSeconds", maxDurationSeconds, 1, MAX_DURATION_SECONDS);
    requireInRange("attestEverySeconds", attestEverySeconds, 1, MAX_ATTEST_EVERY_SECONDS);
    requireInRange("maxDelegationDepth", maxDelegationDepth, 0, MAX_DELEGATION_DEPTH);
    requireMeasurements =
        List.copyOf(Objects.requireNonNull(requireMeasurements, "requireMeasurements"));
    if (requireMeasurements.size() > MAX_MEASUREMENTS) {
      throw new IllegalArgumentException("at most " + MAX_MEASUREMENTS + " measurements");
    }
  }

  /** The combination that satisfies both this and {@code other}; measurements sorted. */
  public Obligations strictest(Obligations other) {
    TreeSet<String> measurements = new TreeSet<>(requireMeasurements);
    measurements.addAll(other.requireMeasurements);
    return new Obligations(
        Math.min(maxDurationSeconds, other.maxDurationSeconds),
        Math.min(attestEverySeconds, other.attestEverySeconds),
        List.copyOf(measurements),
        Math.min(maxDelegationDepth, other.maxDelegationDepth),
        freshAttestation || other.freshAttestation);
  }

  /** The same obligations with measurements sorted, the form decisions carry. */
  Obligations normalized() {
    return new Obligations(
        maxDurationSeconds,
        attestEverySeconds,
        List.copyOf(new TreeSet<>(requireMeasurements)),
        maxDelegationDepth,
        freshAttestation);
  }

  private static void requireInRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
    }
  }
}
