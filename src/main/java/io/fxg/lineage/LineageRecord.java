package io.fxg.lineage;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jcs;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;

/**
 * One link of a hash chain. {@code hash} is SHA-256 over the JCS encoding of every other member;
 * {@code prev} is the previous record's hash, 64 zeros for seq 1. Chains of domains and policies
 * use {@code domain:NAME} and {@code policy} as their {@code executionId}.
 *
 * @param at RFC 3339 UTC instant with milliseconds, exactly as hashed
 * @param data digests and small facts only, never raw parameters or results
 */
@JsonPropertyOrder({"executionId", "seq", "type", "phase", "at", "node", "data", "prev", "hash"})
public record LineageRecord(
    String executionId,
    long seq,
    String type,
    int phase,
    String at,
    String node,
    ObjectNode data,
    String prev,
    String hash)
    implements CborSerializable {

  /** The record without {@code hash}, as a JSON object: the exact bytes that are hashed. */
  public ObjectNode unhashedJson() {
    ObjectNode node = Json.object();
    node.put("executionId", executionId);
    node.put("seq", seq);
    node.put("type", type);
    node.put("phase", phase);
    node.put("at", at);
    node.put("node", this.node);
    node.set("data", data);
    node.put("prev", prev);
    return node;
  }

  /** The full record as a JSON object, {@code hash} included. */
  public ObjectNode toJson() {
    ObjectNode node = unhashedJson();
    node.put("hash", hash);
    return node;
  }

  /** JCS bytes of the full record: the transparency log's leaf data. */
  public byte[] canonicalBytes() {
    return Jcs.canonicalize(toJson());
  }

  /** Recomputes the hash from the other members. */
  public String computeHash() {
    return Digests.sha256Hex(Jcs.canonicalize(unhashedJson()));
  }
}
