package io.fxg.execution;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.CborSerializable;
import java.util.List;

/** Phase 2 outcome: a permit at a synchronised policy version, or a denial with its reason. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = GovernanceVerdict.Permit.class, name = "permit"),
  @JsonSubTypes.Type(value = GovernanceVerdict.Deny.class, name = "deny")
})
public sealed interface GovernanceVerdict extends CborSerializable {

  /**
   * @param obligations the combined (strictest) obligations, as in the policy bundle
   * @param explanation which rule permitted, in words an operator can act on
   */
  record Permit(
      long policyVersion,
      String policyDigest,
      List<String> rules,
      ObjectNode obligations,
      int risk,
      String explanation)
      implements GovernanceVerdict {

    public int maxDurationSeconds(int fallback) {
      return obligations.path("maxDurationSeconds").asInt(fallback);
    }
  }

  /** @param policyVersion the version decided against, or -1 when none was */
  record Deny(String reason, String detail, long policyVersion, String policyDigest)
      implements GovernanceVerdict {}
}
