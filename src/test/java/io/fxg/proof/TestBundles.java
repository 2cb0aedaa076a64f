package io.fxg.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.ProofBundle.Inclusion;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds proof bundles the way the gateway will: lineage records made with
 * {@code LineageChain.next}, appended (between unrelated leaves) to one Merkle log, a checkpoint
 * signed with a generated note key, and an artifact signed with {@code Jws.sign}.
 */
public final class TestBundles {
  static final String ORIGIN = "fxg.test/log";
  static final String POLICY_DIGEST = "sha256:" + "ab".repeat(32);
  static final String ACTION = "invoice.create";
  static final String RESOURCE = "invoices/2026-11";

  /** One execution's records and artifact (null when denied), not yet bundled. */
  record Execution(String id, String artifact, List<LineageRecord> records) {}

  final NoteSigner logKey = NoteSigner.generate(ORIGIN);
  final Jwk gatewayKey = Jwk.generate(null);
  final MerkleTree tree = MerkleTree.create();
  private final Map<String, Long> indexByHash = new HashMap<>();
  private Instant now = Instant.parse("2026-11-27T09:00:00.123Z");

  ObjectNode jwks() {
    ObjectNode jwks = Json.object();
    jwks.putArray("keys").add(gatewayKey.toPublicJson());
    return jwks;
  }

  public String jwksJson() {
    return Json.write(jwks());
  }

  public String logVerifierKey() {
    return logKey.verifier().verifierKey();
  }

  public ProofBundle completed(String id) {
    return bundle(authorized(id, null, claims -> {}), List.of());
  }

  public ProofBundle denied(String id) {
    return bundle(denial(id), List.of());
  }

  /** A parent bundle whose one child was delegated by it; both share one checkpoint. */
  ProofBundle parentWithChild(String parentId, String childId, Consumer<ObjectNode> childClaims) {
    Execution parent = authorized(parentId, null, claims -> {});
    Execution child = authorized(childId, parentId, childClaims);
    return bundle(parent, List.of(bundle(child, List.of())));
  }

  /** The records of an authorized, completed execution; {@code edit} may change the claims. */
  Execution authorized(String id, String parentJti, Consumer<ObjectNode> edit) {
    String params = Digests.digestOfJson(Json.object().put("amount", 250));
    ObjectNode claims = claims(id, parentJti, params);
    edit.accept(claims);
    String artifact = Jws.sign(gatewayKey.signer().orElseThrow(), ArtifactChecks.TYP, claims);
    List<LineageRecord> records = new ArrayList<>();
    append(records, id, "intent.received", 1, Json.object().put("action", ACTION)
        .put("resource", RESOURCE).put("params", params));
    append(records, id, "governance.synchronized", 2,
        Json.object().put("policyVersion", 3).put("policyDigest", POLICY_DIGEST));
    append(records, id, "authorization.issued", 3, Json.object().put("jti", id)
        .put("policyVersion", 3).put("policyDigest", POLICY_DIGEST).put("action", ACTION)
        .put("resource", RESOURCE).put("params", params)
        .put("artifactDigest", Digests.digestString(artifact.getBytes(StandardCharsets.US_ASCII))));
    append(records, id, "trust.activated", 4,
        Json.object().put("evidence", "sha256:" + "cd".repeat(32)).put("ageMs", 120));
    append(records, id, "execution.started", 5, Json.object());
    append(records, id, "execution.completed", 6,
        Json.object().put("result", "sha256:" + "ef".repeat(32)));
    append(records, id, "proof.persisted", 8, Json.object().put("checkpointSize", tree.size()));
    return new Execution(id, artifact, records);
  }

  Execution denial(String id) {
    List<LineageRecord> records = new ArrayList<>();
    append(records, id, "intent.received", 1,
        Json.object().put("action", ACTION).put("resource", RESOURCE));
    append(records, id, "execution.denied", 2,
        Json.object().put("phase", 2).put("reason", "policy.denied"));
    append(records, id, "proof.persisted", 8, Json.object().put("checkpointSize", tree.size()));
    return new Execution(id, null, records);
  }

  /** Bundles an execution with a checkpoint over the whole log as it is now. */
  ProofBundle bundle(Execution execution, List<ProofBundle> children) {
    long size = tree.size();
    String note = Checkpoint.of(ORIGIN, size, tree.root(size)).sign(logKey);
    List<Inclusion> inclusion = new ArrayList<>();
    for (LineageRecord record : execution.records()) {
      long index = indexByHash.get(record.hash());
      inclusion.add(Inclusion.of(index, tree.inclusionProof(index, size)));
    }
    return new ProofBundle(execution.id(), execution.artifact(), execution.records(), note,
        inclusion, new ProofBundle.Keys(jwks(), logVerifierKey()), children);
  }

  private ObjectNode claims(String id, String parentJti, String params) {
    long iat = now.getEpochSecond();
    ObjectNode claims = Json.object().put("iss", "https://gateway.fxg.test")
        .put("sub", "partner-a/agent-7").put("aud", "acme/billing-prod").put("jti", id)
        .put("iat", iat).put("nbf", iat).put("exp", iat + 30);
    ObjectNode fxg = claims.putObject("fxg").put("act", ACTION).put("res", RESOURCE)
        .put("params", params).put("req", "sha256:" + "01".repeat(32)).put("rule", "allow-invoices");
    fxg.putObject("pol").put("v", 3).put("d", POLICY_DIGEST);
    fxg.putObject("obl");
    fxg.putArray("meas").add("image");
    fxg.putArray("chain");
    fxg.put("depth", parentJti == null ? 0 : 1);
    if (parentJti != null) {
      fxg.put("parent", parentJti);
      fxg.withArray("chain").add(parentJti);
    }
    return claims;
  }

  private void append(List<LineageRecord> records, String id, String type, int phase, ObjectNode data) {
    LineageRecord previous = records.isEmpty() ? null : records.get(records.size() - 1);
    now = now.plusMillis(7);
    LineageRecord record =
        LineageChain.next(previous, id, type, phase, now, "127.0.0.1:25520", data);
    // Another execution's leaf in between, so indexes and paths are not trivial.
    tree.appendData(("other " + tree.size()).getBytes(StandardCharsets.UTF_8));
    indexByHash.put(record.hash(), tree.appendData(record.canonicalBytes()));
    records.add(record);
  }
}
