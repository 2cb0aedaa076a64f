package io.fxg.execution;

import java.util.concurrent.CompletionStage;

/** Phases 5 and 7 seam: call the target environment's execute and cancel endpoints. */
public interface TargetDispatch {
  CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact);

  /** Completes with a short outcome ("cancelled", "upstream 404", ...); never fails. */
  CompletionStage<String> cancel(ExecutionIntent intent, String reason);

  /**
   * As {@link #cancel(ExecutionIntent, String)}; {@code forwardedChild} is the peer's execution id
   * when the execution was forwarded to a peer gateway (null otherwise).
   */
  default CompletionStage<String> cancel(ExecutionIntent intent, String reason, String forwardedChild) {
    return cancel(intent, reason);
  }
}
