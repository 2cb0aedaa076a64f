package io.fxg.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.MerkleTree;
import io.fxg.proof.NoteSigner;
import io.fxg.proof.ProofBundle;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed proof bundles for tests outside {@code io.fxg.proof}, made as the gateway makes them:
 * records by {@code LineageChain.next} (with non-ASCII text and fractional numbers, so JCS is
 * exercised), appended between unrelated leaves to one Merkle log, a checkpoint signed by a note
 * key, and an artifact signed with {@code Jws.sign}.
 */
public final class ProofBundles {
  public static final String ORIGIN = "fxg.test/log";
  static final String POLICY_DIGEST = "sha256:" + "ab".repeat(32);

  private final NoteSigner logKey = NoteSigner.generate(ORIGIN);
  private final Jwk gatewayKey = Jwk.generate(null);
  private final MerkleTree tree = MerkleTree.create();
  private final Map<String, Long> indexByHash = new HashMap<>();
  private Instant now = Instant.parse("2026-11-27T09:00:00.123Z");

  public ObjectNode jwks() {
    ObjectNode jwks = Json.object();
    jwks.putArray("keys").add(gatewayKey.toPublicJson());
    return jwks;
  }

  public String logVerifierKey() {
    return logKey.verifier().verifierKey();
  }

  /** An artifact over {@code claims}, signed by this gateway key as the bundles' artifacts are. */
  public String sign(ObjectNode claims) {
    return Jws.sign(gatewayKey.signer().orElseThrow(), "fxg-authz+jwt", claims);
  }

  /** An authorized, completed execution. */
  public ProofBundle completed(String id) {
    List<LineageRecord> records = new ArrayList<>();
    String artifact = authorized(records, id, null);
    return bundle(id, artifact, records, List.of());
  }

  /** An execution denied at phase 2: no artifact. */
  public ProofBundle denied(String id) {
    List<LineageRecord> records = new ArrayList<>();
    append(records, id, "intent.received", 1, Json.object().put("action", "invoice.delete").put("resource", "invoices/1"));
    append(records, id, "execution.denied", 2, Json.object().put("phase", 2).put("reason", "policy.forbidden")
        .put("detail", "rule no-deletes forbids invoice.delete"));
    append(records, id, "proof.persisted", 8, Json.object().put("checkpointSize", tree.size()));
    return bundle(id, null, records, List.of());
  }

  /** A parent whose one child it delegated; both under one checkpoint. */
  public ProofBundle parentWithChild(String parentId, String childId) {
    List<LineageRecord> parent = new ArrayList<>();
    String parentArtifact = authorized(parent, parentId, null);
    List<LineageRecord> child = new ArrayList<>();
    String childArtifact = authorized(child, childId, parentId);
    ProofBundle childBundle = bundle(childId, childArtifact, child, List.of());
    return bundle(parentId, parentArtifact, parent, List.of(childBundle));
  }

  private String authorized(List<LineageRecord> records, String id, String parentJti) {
    String params = Digests.digestOfJson(Json.object().put("amount", 250));
    ObjectNode claims = Json.object().put("iss", "fxg").put("sub", "partner-a/agent-7")
        .put("aud", "acme/billing-prod").put("jti", id).put("iat", now.getEpochSecond())
        .put("nbf", now.getEpochSecond()).put("exp", now.getEpochSecond() + 30);
    ObjectNode fxg = claims.putObject("fxg").put("act", "invoice.create").put("res", "invoices/2026-11")
        .put("params", params).put("req", "sha256:" + "01".repeat(32)).put("rule", "billing-invoke");
    fxg.putObject("pol").put("v", 3).put("d", POLICY_DIGEST);
    fxg.put("depth", parentJti == null ? 0 : 1);
    if (parentJti != null) {
      fxg.put("parent", parentJti);
    }
    String artifact = Jws.sign(gatewayKey.signer().orElseThrow(), "fxg-authz+jwt", claims);
    append(records, id, "intent.received", 1, Json.object().put("action", "invoice.create")
        .put("resource", "invoices/2026-11").put("params", params).put("note", "Zürich – €250 ✓"));
    append(records, id, "governance.synchronized", 2, Json.object().put("policyVersion", 3)
        .put("policyDigest", POLICY_DIGEST).put("risk", 12.5));
    append(records, id, "authorization.issued", 3, Json.object().put("jti", id).put("policyVersion", 3)
        .put("policyDigest", POLICY_DIGEST).put("action", "invoice.create").put("resource", "invoices/2026-11")
        .put("params", params).put("artifactDigest", Digests.digestString(artifact.getBytes(StandardCharsets.US_ASCII))));
    append(records, id, "trust.activated", 4, Json.object().put("evidence", "sha256:" + "cd".repeat(32)).put("ageMillis", 120));
    append(records, id, "execution.started", 5, Json.object().put("deadlineEpochMilli", 1_795_000_000_000L));
    append(records, id, "execution.completed", 6, Json.object().put("result", "sha256:" + "ef".repeat(32)));
    append(records, id, "proof.persisted", 8, Json.object().put("checkpointSize", tree.size()));
    return artifact;
  }

  private ProofBundle bundle(String id, String artifact, List<LineageRecord> records, List<ProofBundle> children) {
    long size = tree.size();
    String note = Checkpoint.of(ORIGIN, size, tree.root(size)).sign(logKey);
    List<ProofBundle.Inclusion> inclusion = new ArrayList<>();
    for (LineageRecord record : records) {
      long index = indexByHash.get(record.hash());
      inclusion.add(ProofBundle.Inclusion.of(index, tree.inclusionProof(index, size)));
    }
    return new ProofBundle(id, artifact, records, note, inclusion,
        new ProofBundle.Keys(jwks(), logVerifierKey()), children);
  }

  private void append(List<LineageRecord> records, String id, String type, int phase, ObjectNode data) {
    LineageRecord previous = records.isEmpty() ? null : records.get(records.size() - 1);
    now = now.plusMillis(7);
    LineageRecord record = LineageChain.next(previous, id, type, phase, now, "127.0.0.1:25520", data);
    tree.appendData(("other " + tree.size()).getBytes(StandardCharsets.UTF_8));
    indexByHash.put(record.hash(), tree.appendData(record.canonicalBytes()));
    records.add(record);
  }
}
