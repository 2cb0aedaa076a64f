package io.fxg.execution;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Phase 4 seam: bind the execution to a verified, fresh attestation of its target. */
public interface TrustActivation {
  CompletionStage<TrustVerdict> activate(
      ExecutionIntent intent, IssuedArtifact artifact, GovernanceVerdict.Permit permit);

  /**
   * The activation a fresh cached attestation already grants, decided without contacting the
   * target or anything else (no side effect); empty when {@link #activate} must run.
   */
  default Optional<TrustVerdict.Activated> cachedActivation(ExecutionIntent intent, GovernanceVerdict.Permit permit) {
    return Optional.empty();
  }
}
