package io.fxg.execution;

import java.time.Instant;

/** The artifact status of SPEC section 7: active, revoked, expired, finished (or unknown). */
final class ArtifactStatuses {
  private ArtifactStatuses() {}

  static String of(ExecutionState state, Instant now) {
    IssuedArtifact artifact = ExecutionState.artifactOf(state);
    if (state instanceof ExecutionState.Finished s && artifact != null) {
      return switch (s.status()) {
        case "interrupted", "denied" -> "revoked";
        default -> "finished";
      };
    }
    if (artifact == null) {
      return "unknown";
    }
    return now.getEpochSecond() >= artifact.expiresAtEpochSecond() ? "expired" : "active";
  }
}
