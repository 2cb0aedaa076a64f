package io.fxg.execution;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.CborSerializable;
import java.util.List;

/** The execution as {@code GET /v1/executions/{id}} shows it (SPEC section 7). */
@JsonPropertyOrder({
  "executionId", "phase", "phaseName", "status", "caller", "target", "action", "resource",
  "policy", "artifact", "outcome", "parent", "children", "createdAt", "updatedAt", "lineageHead",
  "logIndex", "peer"
})
public record ExecutionView(
    String executionId,
    int phase,
    String phaseName,
    String status,
    Party caller,
    Place target,
    String action,
    String resource,
    Policy policy,
    String artifact,
    OutcomeView outcome,
    String parent,
    List<String> children,
    String createdAt,
    String updatedAt,
    String lineageHead,
    Long logIndex,
    PeerLink peer)
    implements CborSerializable {

  /**
   * A cross-gateway link (SPEC section 13): the peer gateway's name, whether the execution there is
   * this one's {@code child} (this gateway forwarded it) or its {@code parent} (the peer forwarded
   * it here), and that execution's id (null until the peer accepted the forward).
   */
  public record PeerLink(String name, String role, String executionId) implements CborSerializable {}

  public record Party(String domain, String principal) implements CborSerializable {}

  public record Place(String domain, String environment) implements CborSerializable {}

  public record Policy(long version, String digest) implements CborSerializable {}

  public record OutcomeView(String reason, String detail, JsonNode result) implements CborSerializable {}

  public boolean terminal() {
    return switch (status) {
      case "completed", "failed", "interrupted", "denied" -> true;
      default -> false;
    };
  }

  static ExecutionView of(ExecutionState state, String parentJti) {
    ExecutionState.Core core = ExecutionState.coreOf(state);
    if (core == null) {
      return null;
    }
    ExecutionIntent intent = core.intent();
    int phase;
    String status;
    GovernanceVerdict.Permit permit = ExecutionState.permitOf(state);
    IssuedArtifact artifact = ExecutionState.artifactOf(state);
    OutcomeView outcome = null;
    Long logIndex = null;
    if (state instanceof ExecutionState.Pending) {
      phase = 1;
      status = "pending";
    } else if (state instanceof ExecutionState.Governed) {
      phase = 2;
      status = "pending";
    } else if (state instanceof ExecutionState.Authorized) {
      phase = 3;
      status = "pending";
    } else if (state instanceof ExecutionState.TrustActive) {
      phase = 4;
      status = "pending";
    } else if (state instanceof ExecutionState.Running s) {
      phase = s.phase();
      status = "running";
    } else {
      ExecutionState.Finished s = (ExecutionState.Finished) state;
      phase = s.proven() ? 8 : s.phase();
      status = s.status();
      outcome = new OutcomeView(s.outcome().reason(), s.outcome().detail(), s.outcome().result());
      logIndex = s.proven() ? s.logIndex() : null;
    }
    return new ExecutionView(
        intent.executionId(),
        phase,
        Phase.of(phase).name(),
        status,
        new Party(intent.caller().domain(), intent.caller().principal()),
        new Place(intent.target().domain(), intent.target().environment()),
        intent.action(),
        intent.resource(),
        permit == null ? null : new Policy(permit.policyVersion(), permit.policyDigest()),
        artifact == null ? null : artifact.jws(),
        outcome,
        parentJti,
        core.children(),
        core.records().get(0).at(),
        core.last().at(),
        core.last().hash(),
        logIndex,
        ExecutionPeering.peerLink(core));
  }
}
