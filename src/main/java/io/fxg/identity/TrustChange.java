package io.fxg.identity;

import io.fxg.serialization.CborSerializable;

/**
 * A change of trust that running executions may depend on, told to {@link TrustRegistry}
 * subscribers on every node once the node's view reflects it (SPEC section 8: {@code trust.revoked}
 * for revocations, suspensions and removals; re-attestation for a changed environment).
 *
 * @param subject {@code DOMAIN/NAME} for keys and environments, the jti for artifacts, the domain
 *     name for suspensions
 */
public record TrustChange(Kind kind, String subject, String detail) implements CborSerializable {

  /** What changed. */
  public enum Kind {
    KEY_REVOKED,
    ENVIRONMENT_REVOKED,
    ARTIFACT_REVOKED,
    DOMAIN_SUSPENDED,
    DOMAIN_RESUMED,
    /** The principal is no longer in its domain's document. */
    PRINCIPAL_REMOVED,
    /** The environment is no longer in its domain's document. */
    ENVIRONMENT_REMOVED,
    /** Endpoint, key, reference measurements or interval changed: earlier attestations no longer count. */
    ENVIRONMENT_CHANGED
  }

  /** Whether executions depending on the subject must stop ({@code trust.revoked}). */
  public boolean revokesTrust() {
    return kind != Kind.DOMAIN_RESUMED && kind != Kind.ENVIRONMENT_CHANGED;
  }

  /**
   * Whether an execution with this caller ({@code DOMAIN/PRINCIPAL}), target ({@code
   * DOMAIN/ENVIRONMENT}) and artifact jti depends on this change.
   */
  public boolean affects(String callerKeyId, String targetId, String jti) {
    return switch (kind) {
      case ARTIFACT_REVOKED -> subject.equals(jti);
      case DOMAIN_SUSPENDED, DOMAIN_RESUMED ->
          callerKeyId.startsWith(subject + "/") || targetId.startsWith(subject + "/");
      case ENVIRONMENT_REVOKED, ENVIRONMENT_REMOVED, ENVIRONMENT_CHANGED -> subject.equals(targetId);
      case KEY_REVOKED, PRINCIPAL_REMOVED -> subject.equals(callerKeyId) || subject.equals(targetId);
    };
  }
}
