package io.fxg.execution;

import java.util.concurrent.CompletionStage;

/** Phase 2 seam: synchronise with the committed policy version and decide. Must fail closed. */
public interface Governance {
  CompletionStage<GovernanceVerdict> decide(ExecutionIntent intent);
}
