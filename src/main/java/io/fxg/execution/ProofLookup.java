package io.fxg.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks the transparency log whether a published checkpoint already covers a record. A finished
 * execution without {@code proof.persisted} uses it on a backoff timer ({@link #recheckAfter}) and
 * at once on recovery, because the log's one notice may be lost (a node died before delivering
 * it, or a message was dropped); so phase 8 follows even when that notice never arrives.
 */
public interface ProofLookup {
  ProofLookup NONE = (executionId, seq) -> CompletableFuture.completedFuture(Optional.empty());

  /** First delay of {@link #recheckAfter}: the log's notice normally comes within ~2 s. */
  Duration FIRST_RECHECK = Duration.ofSeconds(5);
  /** Longest delay between two checks. */
  Duration MAX_RECHECK = Duration.ofSeconds(60);
  /** Checks after which an incarnation stops asking (~7 minutes); its next recovery asks again. */
  int MAX_RECHECKS = 10;

  CompletionStage<Optional<Execution.ProofCovered>> covered(String executionId, long seq);

  /**
   * The delay before check {@code attempt} (0-based) of a finished, unproven execution, or empty to
   * stop: 5 s doubling to at most 60 s, {@value #MAX_RECHECKS} checks. Lookups happen only for
   * executions still unproven 5 s after their end (the notice lost or late), so they add little load.
   */
  default Optional<Duration> recheckAfter(int attempt) {
    if (attempt >= MAX_RECHECKS) {
      return Optional.empty();
    }
    Duration delay = FIRST_RECHECK.multipliedBy(1L << Math.min(attempt, 10));
    return Optional.of(delay.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : delay);
  }
}
