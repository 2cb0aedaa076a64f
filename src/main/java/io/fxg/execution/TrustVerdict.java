package io.fxg.execution;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.CborSerializable;

/** Phase 4 outcome: the attestation evidence bound to the execution, or why trust failed. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrustVerdict.Activated.class, name = "activated"),
  @JsonSubTypes.Type(value = TrustVerdict.Refused.class, name = "refused")
})
public sealed interface TrustVerdict extends CborSerializable {
  /** @param evidenceDigest {@code sha256:} of the DSSE envelope bound */
  record Activated(String evidenceDigest, long ageMillis, ObjectNode measurements)
      implements TrustVerdict {}

  record Refused(String reason, String detail) implements TrustVerdict {}
}
