package io.fxg.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.ProofBundle.Inclusion;
import io.fxg.proof.ProofBundle.Keys;
import io.fxg.proof.ProofVerificationException.Reason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Strict reading of proof bundle JSON; every error names the member, like {@code records[2].seq}. */
final class BundleJson {
  private static final Set<String> BUNDLE =
      Set.of("executionId", "artifact", "records", "checkpoint", "inclusion", "keys", "children", "peer");
  private static final Set<String> RECORD =
      Set.of("executionId", "seq", "type", "phase", "at", "node", "data", "prev", "hash");
  private static final Set<String> INCLUSION = Set.of("index", "path");
  private static final Set<String> KEYS = Set.of("jwks", "log");

  private BundleJson() {}

  static ProofBundle bundle(JsonNode node, String at, int depth) throws ProofVerificationException {
    members(node, BUNDLE, at.isEmpty() ? "bundle" : at);
    String executionId = text(node, "executionId", at);
    JsonNode artifact = node.get("artifact");
    if (artifact != null && !artifact.isNull() && !artifact.isTextual()) {
      throw malformed(at + "artifact", "must be a string or null");
    }
    List<LineageRecord> records = new ArrayList<>();
    JsonNode recordArray = array(node, "records", at, ProofBundle.MAX_RECORDS);
    for (int i = 0; i < recordArray.size(); i++) {
      records.add(record(recordArray.get(i), at + "records[" + i + "]."));
    }
    List<Inclusion> inclusion = new ArrayList<>();
    JsonNode proofArray = array(node, "inclusion", at, ProofBundle.MAX_RECORDS);
    for (int i = 0; i < proofArray.size(); i++) {
      inclusion.add(inclusion(proofArray.get(i), at + "inclusion[" + i + "]."));
    }
    List<ProofBundle> children = new ArrayList<>();
    if (node.hasNonNull("children")) {
      if (depth == ProofBundle.MAX_DEPTH) {
        throw malformed(at + "children", "nested deeper than " + ProofBundle.MAX_DEPTH);
      }
      JsonNode childArray = array(node, "children", at, ProofBundle.MAX_CHILDREN);
      for (int i = 0; i < childArray.size(); i++) {
        children.add(bundle(childArray.get(i), at + "children[" + i + "].", depth + 1));
      }
    }
    String peer = null;
    if (node.hasNonNull("peer")) {
      peer = text(node, "peer", at);
      if (depth == 0) {
        throw malformed(at + "peer", "only a child bundle comes from a peer gateway");
      }
    }
    return new ProofBundle(executionId, artifact == null || artifact.isNull() ? null : artifact.asText(),
        records, text(node, "checkpoint", at), inclusion, keys(node.get("keys"), at + "keys"), children, peer);
  }

  private static LineageRecord record(JsonNode node, String at) throws ProofVerificationException {
    members(node, RECORD, at.substring(0, at.length() - 1));
    JsonNode data = node.get("data");
    if (data == null || !data.isObject()) {
      throw malformed(at + "data", "must be an object");
    }
    return new LineageRecord(text(node, "executionId", at), integer(node, "seq", at),
        text(node, "type", at), Math.toIntExact(integer(node, "phase", at)), text(node, "at", at),
        text(node, "node", at), (ObjectNode) data, text(node, "prev", at), text(node, "hash", at));
  }

  private static Inclusion inclusion(JsonNode node, String at) throws ProofVerificationException {
    members(node, INCLUSION, at.substring(0, at.length() - 1));
    JsonNode pathArray = array(node, "path", at, MerkleProofs.MAX_PATH_LENGTH);
    List<String> path = new ArrayList<>();
    for (int i = 0; i < pathArray.size(); i++) {
      if (!pathArray.get(i).isTextual()) {
        throw malformed(at + "path[" + i + "]", "must be a base64 string");
      }
      path.add(pathArray.get(i).asText());
    }
    return new Inclusion(integer(node, "index", at), path);
  }

  private static Keys keys(JsonNode node, String at) throws ProofVerificationException {
    if (node == null || node.isNull()) {
      return null;
    }
    members(node, KEYS, at);
    JsonNode jwks = node.get("jwks");
    if (jwks != null && !jwks.isNull() && !jwks.isObject()) {
      throw malformed(at + ".jwks", "must be a JWK Set object");
    }
    JsonNode log = node.get("log");
    if (log != null && !log.isNull() && !log.isTextual()) {
      throw malformed(at + ".log", "must be a verifier key string");
    }
    return new Keys(jwks == null || jwks.isNull() ? null : (ObjectNode) jwks,
        log == null || log.isNull() ? null : log.asText());
  }

  private static void members(JsonNode node, Set<String> allowed, String at)
      throws ProofVerificationException {
    if (node == null || !node.isObject()) {
      throw malformed(at, "must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw malformed(at + "." + name, "unknown member");
      }
    }
  }

  private static String text(JsonNode node, String member, String at)
      throws ProofVerificationException {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw malformed(at + member, "must be a string");
    }
    return value.asText();
  }

  private static long integer(JsonNode node, String member, String at)
      throws ProofVerificationException {
    JsonNode value = node.get(member);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
        || value.asLong() < 0 || (member.equals("phase") && value.asLong() > Integer.MAX_VALUE)) {
      throw malformed(at + member, "must be a non-negative integer");
    }
    return value.asLong();
  }

  private static JsonNode array(JsonNode node, String member, String at, int max)
      throws ProofVerificationException {
    JsonNode value = node.get(member);
    if (value == null || !value.isArray()) {
      throw malformed(at + member, "must be an array");
    }
    if (value.size() > max) {
      throw malformed(at + member, "more than " + max + " elements");
    }
    return value;
  }

  private static ProofVerificationException malformed(String member, String detail) {
    return new ProofVerificationException(Reason.MALFORMED, member + ": " + detail);
  }
}
