package io.fxg.bench;

import java.nio.file.Path;

/**
 * What one bench run does.
 *
 * @param durationSeconds measured seconds of each phase (soak: the whole soak)
 * @param warmupSeconds governed closed-loop warm-up before anything is measured
 * @param rate executions per second of the open-loop phases (and of the soak); {@link #AUTO_RATE}: in
 *     full mode 50% of the closed-loop throughput measured just before on the same path, else
 *     {@link #FALLBACK_RATE}
 * @param concurrency requests in flight in the closed-loop phases
 * @param principals principal keys the load is spread over (per-key rate limits and nonce ledgers)
 * @param liveExecutions executions held running before the revocation (revocation mode)
 * @param out where the JSON result goes; the text table goes to stdout
 * @param phases full mode: which of {@code direct, ungoverned, closed, open, overload} run (profiling one)
 * @param drainSeconds how long to wait for the proofs of a governed phase after it ends
 * @param keepHome keep the temporary {@code fxg.home} (journal, keys) for {@code fxg audit}
 * @param nodes gateway nodes started in this JVM as one cluster on one journal; requests are spread
 *     over them round robin
 */
public record BenchOptions(
    Mode mode,
    int durationSeconds,
    int warmupSeconds,
    int rate,
    int concurrency,
    int principals,
    int liveExecutions,
    Path out,
    java.util.Set<String> phases,
    int drainSeconds,
    boolean keepHome,
    int nodes) {
  /** {@code --rate auto}: the open loop runs at half the maximum just measured. */
  public static final int AUTO_RATE = 0;
  /** The rate {@code --rate auto} falls back to without a closed loop to halve (soak, {@code --only open}). */
  public static final int FALLBACK_RATE = 100;

  public boolean autoRate() {
    return rate == AUTO_RATE;
  }

  /** full: direct, ungoverned, governed closed and open loop; soak: open loop only; revocation. */
  public enum Mode {
    FULL,
    SOAK,
    REVOCATION
  }
}
