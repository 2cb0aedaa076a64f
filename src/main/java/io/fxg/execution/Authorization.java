package io.fxg.execution;

import java.time.Instant;

/**
 * Phase 3 seam: sign the authorization artifact. The artifact is journaled with or after the permit
 * and leaves the gateway only once journaled.
 * Throws {@link AuthorizationRefused} to deny (for example an invalid delegation chain).
 */
public interface Authorization {
  IssuedArtifact issue(ExecutionIntent intent, GovernanceVerdict.Permit permit, Instant now)
      throws AuthorizationRefused;

  /** A refusal with the denial reason code and detail. */
  final class AuthorizationRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public AuthorizationRefused(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
