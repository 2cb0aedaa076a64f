package io.fxg.execution;

import java.util.concurrent.CompletionStage;

/** Phase 4 seam: bind the execution to a verified, fresh attestation of its target. */
public interface TrustActivation {
  CompletionStage<TrustVerdict> activate(
      ExecutionIntent intent, IssuedArtifact artifact, GovernanceVerdict.Permit permit);
}
