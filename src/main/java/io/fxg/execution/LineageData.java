package io.fxg.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code data} member of each record type: digests and small facts, never raw parameters or
 * results. The keys here are what {@code scripts/fxg verify} and the proof viewer read.
 */
final class LineageData {
  private LineageData() {}

  static String paramsDigest(ExecutionIntent intent) {
    return Digests.digestOfJson(intent.parameters() == null ? NullNode.getInstance() : intent.parameters());
  }

  static ObjectNode intent(ExecutionIntent intent, String parentJti) {
    ObjectNode data = Json.object();
    data.put("caller", intent.caller().keyId());
    data.put("callerKind", intent.caller().kind());
    data.put("target", intent.target().id());
    data.put("action", intent.action());
    data.put("resource", intent.resource());
    data.put("params", paramsDigest(intent));
    data.put("request", intent.requestDigest());
    data.put("maxDurationSeconds", intent.maxDurationSeconds());
    if (parentJti != null) {
      data.put("parent", parentJti);
    } else {
      data.putNull("parent");
    }
    return data;
  }

  static ObjectNode governance(GovernanceVerdict.Permit permit) {
    ObjectNode data = Json.object();
    data.put("policyVersion", permit.policyVersion());
    data.put("policyDigest", permit.policyDigest());
    ArrayNode rules = data.putArray("rules");
    permit.rules().forEach(rules::add);
    data.set("obligations", permit.obligations());
    data.put("risk", permit.risk());
    data.put("explanation", permit.explanation());
    return data;
  }

  static ObjectNode denied(int phase, String reason, String detail, long policyVersion, String policyDigest) {
    ObjectNode data = Json.object();
    data.put("phase", phase);
    data.put("reason", reason);
    data.put("detail", detail);
    if (policyVersion >= 0) {
      data.put("policyVersion", policyVersion);
      data.put("policyDigest", policyDigest);
    }
    return data;
  }

  static ObjectNode authorization(ExecutionIntent intent, GovernanceVerdict.Permit permit, IssuedArtifact artifact) {
    ObjectNode data = Json.object();
    data.put("jti", artifact.jti());
    data.put("artifactDigest", Digests.digestString(artifact.jws().getBytes(StandardCharsets.US_ASCII)));
    data.put("sub", intent.caller().keyId());
    data.put("aud", intent.target().id());
    data.put("action", intent.action());
    data.put("resource", intent.resource());
    data.put("params", paramsDigest(intent));
    data.put("policyVersion", permit.policyVersion());
    data.put("policyDigest", permit.policyDigest());
    data.put("iat", artifact.issuedAtEpochSecond());
    data.put("exp", artifact.expiresAtEpochSecond());
    return data;
  }

  static ObjectNode trust(TrustVerdict.Activated activated) {
    ObjectNode data = Json.object();
    data.put("evidence", activated.evidenceDigest());
    data.put("ageMillis", activated.ageMillis());
    data.set("measurements", activated.measurements());
    return data;
  }

  static ObjectNode started(ExecutionIntent intent, long deadlineEpochMilli) {
    ObjectNode data = Json.object();
    data.put("target", intent.target().id());
    data.put("deadlineEpochMilli", deadlineEpochMilli);
    return data;
  }

  static ObjectNode progress(Report report) {
    ObjectNode data = Json.object();
    data.put("reportSeq", report.seq());
    data.put("status", report.status());
    data.put("actions", Digests.digestOfJson(report.actions() == null ? List.of() : report.actions()));
    data.put("signer", report.signerKeyId());
    return data;
  }

  /** Progress relayed by the gateway's dispatch: the source and the digest of what it said. */
  static ObjectNode relayedProgress(String source, JsonNode progress) {
    ObjectNode data = Json.object();
    data.put("source", source);
    data.put("progress", Digests.digestOfJson(progress));
    return data;
  }

  /** Longest detail or keyid a {@code report.rejected} record copies from the refused request. */
  static final int MAX_REJECTED_TEXT = 200;

  static ObjectNode reportRejected(String check, String claimedKeyId, String detail, int suppressed) {
    ObjectNode data = Json.object();
    data.put("check", check);
    if (claimedKeyId != null) {
      data.put("claimedKeyId", truncated(claimedKeyId));
    } else {
      data.putNull("claimedKeyId");
    }
    data.put("detail", truncated(detail == null ? "" : detail));
    data.put("suppressed", suppressed);
    return data;
  }

  private static String truncated(String text) {
    if (text.length() <= MAX_REJECTED_TEXT) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_REJECTED_TEXT - 1)) ? MAX_REJECTED_TEXT - 1 : MAX_REJECTED_TEXT;
    return text.substring(0, end) + "...";
  }

  static ObjectNode completed(JsonNode result, String via) {
    ObjectNode data = Json.object();
    data.put("result", Digests.digestOfJson(result == null ? NullNode.getInstance() : result));
    data.put("via", via);
    return data;
  }

  static ObjectNode failed(String reason, String detail, int upstreamStatus) {
    ObjectNode data = Json.object();
    data.put("reason", reason);
    data.put("detail", detail);
    data.put("upstreamStatus", upstreamStatus);
    return data;
  }

  static ObjectNode interrupted(String reason, String detail, String monitor, String evidence) {
    ObjectNode data = Json.object();
    data.put("reason", reason);
    data.put("detail", detail);
    data.put("monitor", monitor);
    if (evidence != null) {
      data.put("evidence", evidence);
    } else {
      data.putNull("evidence");
    }
    return data;
  }

  static ObjectNode proof(long logIndex, long treeSize, String checkpointDigest) {
    ObjectNode data = Json.object();
    data.put("logIndex", logIndex);
    data.put("treeSize", treeSize);
    data.put("checkpoint", checkpointDigest);
    return data;
  }

  static ObjectNode cancel(String outcome) {
    ObjectNode data = Json.object();
    data.put("outcome", outcome);
    return data;
  }

  /** The execution was forwarded to the peer gateway that governs its target (SPEC section 13). */
  static ObjectNode forwarded(String peer, String childId, String url) {
    ObjectNode data = Json.object();
    data.put("forwardedTo", peer);
    data.put("child", childId);
    data.put("url", url);
    return data;
  }

  static ObjectNode child(String childId) {
    ObjectNode data = Json.object();
    data.put("child", childId);
    return data;
  }
}
