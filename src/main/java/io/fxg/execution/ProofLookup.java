package io.fxg.execution;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks the transparency log whether a published checkpoint already covers a record. A finished
 * execution recovered without {@code proof.persisted} uses it, because the log's one notice may
 * have gone to a node that died before delivering it.
 */
public interface ProofLookup {
  ProofLookup NONE = (executionId, seq) -> CompletableFuture.completedFuture(Optional.empty());

  CompletionStage<Optional<Execution.ProofCovered>> covered(String executionId, long seq);
}
