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
    List<String> callerRoles)
    implements CborSerializable {}
