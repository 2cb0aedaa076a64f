package io.fxg.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rate of an open-loop phase and why it was chosen: {@code --rate N} as given, or with {@code
 * --rate auto} half the throughput the closed loop on the same path just measured (its maximum),
 * rounded and at least 1/s; without a closed loop to halve, {@link BenchOptions#FALLBACK_RATE}.
 */
record OpenLoopRate(int perSecond, String basis) {
  static OpenLoopRate of(BenchOptions options, JsonNode closedLoop) {
    if (!options.autoRate()) {
      return new OpenLoopRate(options.rate(), "--rate");
    }
    if (closedLoop.has("throughput")) {
      return new OpenLoopRate(Math.max(1, (int) Math.round(closedLoop.path("throughput").asDouble() / 2)),
          "50% of the closed-loop maximum");
    }
    return new OpenLoopRate(BenchOptions.FALLBACK_RATE, "--rate auto without a closed loop in this run");
  }

  @Override
  public String toString() {
    return perSecond + "/s (" + basis + ")";
  }
}
