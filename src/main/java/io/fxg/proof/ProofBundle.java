package io.fxg.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.ProofVerificationException.Reason;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The offline proof of one execution (SPEC section 10, media type {@value #MEDIA_TYPE}): its
 * lineage records, a signed checkpoint, one inclusion proof per record against that checkpoint,
 * the authorization artifact (null when the execution was denied), the keys to check them, and
 * the bundles of its child executions.
 *
 * @param artifact the JWS compact artifact, or null when none was issued
 * @param checkpoint the signed checkpoint note text; it must cover every record
 * @param inclusion one proof per record, in record order
 * @param keys the keys the gateway says it used; null when the bundle carries none
 * @param peer for a child bundle served by a peer gateway (SPEC section 13): that gateway's name;
 *     the child is checked against its own gateway's keys, not this one's. Null otherwise.
 */
public record ProofBundle(
    String executionId,
    String artifact,
    List<LineageRecord> records,
    String checkpoint,
    List<Inclusion> inclusion,
    Keys keys,
    List<ProofBundle> children,
    String peer) {

  public static final String MEDIA_TYPE = "application/vnd.fxg.proof.v1+json";
  /** Most characters of bundle JSON the parser reads. */
  public static final int MAX_BUNDLE_CHARS = 8 << 20;
  /** Most records (and inclusion proofs) in one bundle. */
  public static final int MAX_RECORDS = 4096;
  /** Most children of one bundle. */
  public static final int MAX_CHILDREN = 64;
  /** Deepest nesting of children (a root bundle is depth 0). */
  public static final int MAX_DEPTH = 8;

  /** A bundle served by this gateway (no peer). */
  public ProofBundle(String executionId, String artifact, List<LineageRecord> records, String checkpoint,
      List<Inclusion> inclusion, Keys keys, List<ProofBundle> children) {
    this(executionId, artifact, records, checkpoint, inclusion, keys, children, null);
  }

  /** This bundle as the child a peer gateway served. */
  public ProofBundle fromPeer(String name) {
    return new ProofBundle(executionId, artifact, records, checkpoint, inclusion, keys, children, name);
  }

  public ProofBundle {
    records = List.copyOf(records);
    inclusion = List.copyOf(inclusion);
    children = children == null ? List.of() : List.copyOf(children);
  }

  /**
   * The log index of one record and its RFC 9162 inclusion path, base64 hashes leaf side first.
   */
  public record Inclusion(long index, List<String> path) {
    public Inclusion {
      path = List.copyOf(path);
    }

    public static Inclusion of(long index, List<byte[]> path) {
      return new Inclusion(index, path.stream().map(Base64.getEncoder()::encodeToString).toList());
    }

    /** The path as hashes; any element that is not canonical base64 is malformed. */
    public List<byte[]> decodedPath() throws ProofVerificationException {
      List<byte[]> hashes = new ArrayList<>(path.size());
      for (int i = 0; i < path.size(); i++) {
        byte[] hash = NoteText.strictBase64(path.get(i));
        if (hash == null) {
          throw new ProofVerificationException(
              Reason.MALFORMED, "path[" + i + "] is not canonical base64");
        }
        hashes.add(hash);
      }
      return hashes;
    }
  }

  /**
   * The keys a bundle names: the gateway JWKS ({@code {"keys": [...]}}) and the log's signed-note
   * verifier key. Either may be null.
   */
  public record Keys(ObjectNode jwks, String log) {}

  /** Parses bundle JSON strictly: unknown members, wrong types and size limits are malformed. */
  public static ProofBundle parse(String json) throws ProofVerificationException {
    if (json == null || json.length() > MAX_BUNDLE_CHARS) {
      throw new ProofVerificationException(
          Reason.MALFORMED, "bundle: missing or longer than " + MAX_BUNDLE_CHARS + " characters");
    }
    JsonNode node;
    try {
      node = Json.parse(json);
    } catch (IOException e) {
      throw new ProofVerificationException(Reason.MALFORMED, "bundle: not JSON", e);
    }
    return BundleJson.bundle(node, "", 0);
  }

  /** The bundle as JSON, the exact shape {@link #parse} reads. */
  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("executionId", executionId);
    node.put("artifact", artifact);
    ArrayNode recordArray = node.putArray("records");
    records.forEach(record -> recordArray.add(record.toJson()));
    node.put("checkpoint", checkpoint);
    ArrayNode proofs = node.putArray("inclusion");
    for (Inclusion proof : inclusion) {
      ObjectNode entry = proofs.addObject().put("index", proof.index());
      proof.path().forEach(entry.putArray("path")::add);
    }
    if (keys != null) {
      ObjectNode keyNode = node.putObject("keys");
      keyNode.set("jwks", keys.jwks());
      keyNode.put("log", keys.log());
    }
    ArrayNode childArray = node.putArray("children");
    children.forEach(child -> childArray.add(child.toJson()));
    if (peer != null) {
      node.put("peer", peer);
    }
    return node;
  }
}
