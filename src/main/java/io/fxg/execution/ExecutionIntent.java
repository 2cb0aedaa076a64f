package io.fxg.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.CborSerializable;
import java.util.List;

/**
 * The validated facts of one submitted execution, fixed at phase 1. Raw parameters live here (in
 * the journal) but lineage records carry only their digest.
 *
 * @param parentArtifact the parent's authorization artifact when delegating, else null
 * @param requestDigest {@code sha256:} of the signed HTTP request that asked for it
 * @param callerRoles roles of the calling principal at submission
 * @param peer the peer gateway on the other side of a cross-gateway link (SPEC section 13), null for
 *     none: on the origin gateway the peer that governs the target (the execution is forwarded
 *     there), on the peer the gateway the request came from (the caller's kind is {@link
 *     Caller#PEER})
 */
public record ExecutionIntent(
    String executionId,
    Caller caller,
    TargetRef target,
    String action,
    String resource,
    JsonNode parameters,
    String parentArtifact,
    int maxDurationSeconds,
    String requestDigest,
    List<String> callerRoles,
    String peer)
    implements CborSerializable {

  /** An execution with no peer link. */
  public ExecutionIntent(String executionId, Caller caller, TargetRef target, String action, String resource,
      JsonNode parameters, String parentArtifact, int maxDurationSeconds, String requestDigest,
      List<String> callerRoles) {
    this(executionId, caller, target, action, resource, parameters, parentArtifact, maxDurationSeconds,
        requestDigest, callerRoles, null);
  }

  /** The peer this execution is forwarded to (its target's governor), or null. */
  public String forwardedTo() {
    return peer != null && !Caller.PEER.equals(caller.kind()) ? peer : null;
  }

  /** The peer this execution was forwarded from (its parent's gateway), or null. */
  public String forwardedFrom() {
    return peer != null && Caller.PEER.equals(caller.kind()) ? peer : null;
  }

  /** This intent under another execution id (an idempotency key's earlier claim). */
  public ExecutionIntent withId(String id) {
    return new ExecutionIntent(id, caller, target, action, resource, parameters, parentArtifact, maxDurationSeconds,
        requestDigest, callerRoles, peer);
  }
}
