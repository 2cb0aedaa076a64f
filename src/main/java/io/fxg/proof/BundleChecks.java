package io.fxg.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jws;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.ProofBundle.Inclusion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checks of {@link ProofBundleVerifier} on one bundle, then on its children. */
final class BundleChecks {
  private final Map<String, Ed25519PublicKey> suppliedJwks;
  private final NoteVerifier suppliedLogKey;
  private final Map<String, Ed25519PublicKey> peerJwks;
  private final NoteVerifier peerLogKey;
  private final List<CheckResult> out;

  /** @param peerJwks, peerLogKey the keys of peer gateways' child bundles; null: each child's own */
  BundleChecks(Map<String, Ed25519PublicKey> jwks, NoteVerifier logKey, Map<String, Ed25519PublicKey> peerJwks,
      NoteVerifier peerLogKey, List<CheckResult> out) {
    this.suppliedJwks = jwks;
    this.suppliedLogKey = logKey;
    this.peerJwks = peerJwks;
    this.peerLogKey = peerLogKey;
    this.out = out;
  }

  void run(ProofBundle bundle, String prefix, String parentJti) {
    recordHashes(bundle, prefix);
    chain(bundle, prefix);
    Checkpoint checkpoint = checkpoint(bundle, prefix);
    inclusions(bundle, prefix, checkpoint);
    artifact(bundle, prefix, parentJti);
    for (int i = 0; i < bundle.children().size(); i++) {
      ProofBundle child = bundle.children().get(i);
      String at = prefix + "children[" + i + "].";
      if (child.peer() == null) {
        run(child, at, bundle.executionId());
      } else {
        peerChild(bundle, child, at);
      }
    }
    forwardedButNotEmbedded(bundle, prefix);
  }

  /**
   * A child served by a peer gateway (SPEC section 13): checked whole against that gateway's keys
   * (supplied, else its own, with a warning), and linked: the parent's {@code forwardedTo} record
   * names this peer and child, and the child's artifact names the parent ({@code fxg.parent}).
   */
  private void peerChild(ProofBundle parent, ProofBundle child, String at) {
    if (peerJwks == null || peerLogKey == null) {
      out.add(CheckResult.warn(at + "keys", "peer " + child.peer() + "'s keys taken from its own bundle"
          + " (supply them with --peer-jwks and --peer-log-key to check it against independently obtained ones)"));
    }
    String check = at + "link";
    boolean linked = parent.records().stream().anyMatch(r -> r.type().equals("execution.progress")
        && child.peer().equals(r.data().path("forwardedTo").asText(null))
        && child.executionId().equals(r.data().path("child").asText(null)));
    out.add(linked
        ? CheckResult.pass(check, "forwarded to peer " + child.peer() + " as " + child.executionId())
        : CheckResult.fail(check, "no record of execution " + parent.executionId() + " forwards it to peer "
            + child.peer() + " as " + child.executionId()));
    new BundleChecks(peerJwks, peerLogKey, peerJwks, peerLogKey, out).run(child, at, parent.executionId());
  }

  /** A forward recorded in the parent whose child bundle is not embedded: visible, not failing. */
  private void forwardedButNotEmbedded(ProofBundle bundle, String prefix) {
    for (LineageRecord record : bundle.records()) {
      String peer = record.data().path("forwardedTo").asText(null);
      String child = record.data().path("child").asText(null);
      if (record.type().equals("execution.progress") && peer != null
          && bundle.children().stream().noneMatch(c -> peer.equals(c.peer()) && c.executionId().equals(child))) {
        out.add(CheckResult.warn(prefix + "children.peer", "forwarded to peer " + peer + " as " + child
            + ", whose proof the bundle does not embed (the peer did not serve it)"));
      }
    }
  }

  private void recordHashes(ProofBundle bundle, String prefix) {
    String check = prefix + "records.hash";
    if (bundle.records().isEmpty()) {
      out.add(CheckResult.fail(check, "no records"));
      return;
    }
    for (LineageRecord record : bundle.records()) {
      String computed = record.computeHash();
      if (!computed.equals(record.hash())) {
        out.add(CheckResult.fail(check, "seq " + record.seq() + ": recomputed hash " + computed
            + " differs from the stated " + record.hash()));
        return;
      }
    }
    out.add(CheckResult.pass(check, bundle.records().size() + " records recomputed"));
  }

  private void chain(ProofBundle bundle, String prefix) {
    String check = prefix + "records.chain";
    Optional<LineageChain.Failure> failure =
        LineageChain.verify(bundle.executionId(), bundle.records());
    if (failure.isPresent()) {
      out.add(CheckResult.fail(check, failure.get().toString()));
    } else if (!bundle.records().isEmpty()) {
      List<LineageRecord> records = bundle.records();
      out.add(CheckResult.pass(check, "seq 1.." + records.size() + " linked from genesis, head "
          + records.get(records.size() - 1).hash()));
    } else {
      out.add(CheckResult.fail(check, "no records"));
    }
  }

  private Checkpoint checkpoint(ProofBundle bundle, String prefix) {
    String check = prefix + "checkpoint.signature";
    try {
      NoteVerifier logKey = suppliedLogKey;
      if (logKey == null) {
        if (bundle.keys() == null || bundle.keys().log() == null) {
          out.add(CheckResult.fail(check, "no log key supplied and none in the bundle"));
          return null;
        }
        logKey = NoteVerifier.parse(bundle.keys().log());
      }
      Checkpoint checkpoint = Checkpoint.open(bundle.checkpoint(), logKey);
      out.add(CheckResult.pass(check, "origin " + checkpoint.origin() + ", size "
          + checkpoint.size() + ", signed by " + logKey.keyId()));
      return checkpoint;
    } catch (ProofVerificationException e) {
      out.add(CheckResult.fail(check, e.getMessage()));
      return null;
    }
  }

  private void inclusions(ProofBundle bundle, String prefix, Checkpoint checkpoint) {
    List<LineageRecord> records = bundle.records();
    List<Inclusion> proofs = bundle.inclusion();
    if (proofs.size() != records.size()) {
      out.add(CheckResult.fail(prefix + "inclusion",
          proofs.size() + " inclusion proofs for " + records.size() + " records"));
      return;
    }
    long previousIndex = -1;
    for (int i = 0; i < records.size(); i++) {
      String check = prefix + "inclusion[" + i + "]";
      if (checkpoint == null) {
        out.add(CheckResult.skip(check, "no verified checkpoint"));
        continue;
      }
      Inclusion proof = proofs.get(i);
      LineageRecord record = records.get(i);
      if (proof.index() <= previousIndex) {
        out.add(CheckResult.fail(check, "index " + proof.index() + " does not follow index "
            + previousIndex + " of the previous record"));
        continue;
      }
      previousIndex = proof.index();
      try {
        byte[] leaf = MerkleHash.leaf(record.canonicalBytes());
        MerkleTree.verifyInclusion(
            proof.index(), checkpoint.size(), leaf, proof.decodedPath(), checkpoint.root());
        out.add(CheckResult.pass(check, "seq " + record.seq() + " at index " + proof.index()
            + " of size " + checkpoint.size()));
      } catch (ProofVerificationException e) {
        out.add(CheckResult.fail(check, "seq " + record.seq() + ": " + e.getMessage()));
      }
    }
  }

  private void artifact(ProofBundle bundle, String prefix, String parentJti) {
    String signatureCheck = prefix + "artifact.signature";
    String claimsCheck = prefix + "artifact.claims";
    if (bundle.artifact() == null) {
      if (ArtifactChecks.authorized(bundle.records())) {
        out.add(CheckResult.fail(signatureCheck,
            "the records hold authorization.issued but the bundle has no artifact"));
      } else {
        out.add(CheckResult.skip(signatureCheck, "no artifact: the execution was not authorized"));
      }
      out.add(CheckResult.skip(claimsCheck, "no artifact"));
      return;
    }
    JsonNode claims;
    try {
      Map<String, Ed25519PublicKey> jwks = suppliedJwks;
      if (jwks == null) {
        jwks = ArtifactChecks.parseJwks(bundle.keys() == null ? null : bundle.keys().jwks());
      }
      Jws.Verified verified = Jws.verify(bundle.artifact(), ArtifactChecks.TYP, jwks::get);
      claims = verified.payload();
      out.add(CheckResult.pass(signatureCheck, "EdDSA " + ArtifactChecks.TYP + " by kid "
          + verified.keyId()));
    } catch (ProofVerificationException | CryptoException e) {
      out.add(CheckResult.fail(signatureCheck, e.getMessage()));
      out.add(CheckResult.skip(claimsCheck, "artifact signature not verified"));
      return;
    }
    Optional<String> mismatch =
        ArtifactChecks.claimsMismatch(bundle, bundle.artifact(), claims, parentJti);
    if (mismatch.isPresent()) {
      out.add(CheckResult.fail(claimsCheck, mismatch.get()));
    } else {
      out.add(CheckResult.pass(claimsCheck, "jti, policy " + claims.path("fxg").path("pol").path("d").asText()
          + " and scope " + claims.path("fxg").path("act").asText() + " on "
          + claims.path("fxg").path("res").asText() + " match authorization.issued"));
    }
  }
}
