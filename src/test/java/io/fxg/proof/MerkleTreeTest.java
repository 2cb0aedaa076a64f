package io.fxg.proof;

import static io.fxg.proof.MerkleVectors.CONSISTENCIES;
import static io.fxg.proof.MerkleVectors.EMPTY_ROOT;
import static io.fxg.proof.MerkleVectors.INCLUSIONS;
import static io.fxg.proof.MerkleVectors.LEAVES;
import static io.fxg.proof.MerkleVectors.root;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fxg.proof.MerkleVectors.Consistency;
import io.fxg.proof.MerkleVectors.Inclusion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6962 reference vectors and the corruption probes of transparency-dev/merkle. */
class MerkleTreeTest {
  /** The implementation under test; {@link TiledMerkleTreeTest} runs every test on the tiled one. */
  MerkleTree newTree() {
    return MerkleTree.create();
  }

  private static final byte[] SOME_HASH =
      MerkleVectors.hex("abacaba000000000000000000000000000000000000000000060061e00123456");

  @Test
  void root_referenceLeaves_matchesKnownRootsForSizes1To8() {
    MerkleTree tree = newTree();
    for (int size = 1; size <= LEAVES.size(); size++) {
      tree.appendData(LEAVES.get(size - 1));
      assertArrayEquals(root(size), tree.root(), "root of size " + size);
    }
    for (int size = 1; size <= LEAVES.size(); size++) {
      assertArrayEquals(root(size), tree.root(size), "earlier root of size " + size);
    }
  }

  @Test
  void root_emptyTree_isSha256OfNothing() {
    assertArrayEquals(EMPTY_ROOT, newTree().root());
    assertArrayEquals(EMPTY_ROOT, MerkleHash.emptyRoot());
  }

  @Test
  void inclusionProof_referenceVectors_matchKnownPathsAndVerify() {
    MerkleTree tree = MerkleVectors.referenceTree(newTree());
    for (Inclusion v : INCLUSIONS) {
      List<byte[]> path = tree.inclusionProof(v.index(), v.size());
      assertPathEquals(v.path(), path, "inclusion " + v.index() + "@" + v.size());
      byte[] leaf = MerkleHash.leaf(LEAVES.get((int) v.index()));
      assertDoesNotThrow(
          () -> MerkleTree.verifyInclusion(v.index(), v.size(), leaf, v.path(), root(v.size())));
    }
  }

  @Test
  void consistencyProof_referenceVectors_matchKnownPathsAndVerify() {
    MerkleTree tree = MerkleVectors.referenceTree(newTree());
    for (Consistency v : CONSISTENCIES) {
      assertPathEquals(v.path(), tree.consistencyProof(v.m(), v.n()), v.m() + "->" + v.n());
      assertDoesNotThrow(
          () -> MerkleTree.verifyConsistency(v.m(), v.n(), root(v.m()), root(v.n()), v.path()));
    }
  }

  @Test
  void verifyInclusion_corruptedReferenceProofs_areRefused() {
    for (Inclusion v : INCLUSIONS) {
      byte[] leaf = MerkleHash.leaf(LEAVES.get((int) v.index()));
      byte[] root = root(v.size());
      long i = v.index();
      long n = v.size();
      List<byte[]> p = v.path();
      refuseInclusion(i - 1, n, leaf, p, root);
      refuseInclusion(i + 1, n, leaf, p, root);
      refuseInclusion(i ^ 2, n, leaf, p, root);
      refuseInclusion(i, n * 2, leaf, p, root);
      refuseInclusion(i, n / 2, leaf, p, root);
      refuseInclusion(i, n, "WrongLeaf".getBytes(), p, root);
      refuseInclusion(i, n, SOME_HASH, p, root);
      refuseInclusion(i, n, leaf, p, EMPTY_ROOT);
      refuseInclusion(i, n, leaf, p, SOME_HASH);
      refuseInclusion(i, n, leaf, with(p, p.size(), new byte[0]), root);
      refuseInclusion(i, n, leaf, with(p, p.size(), root), root);
      refuseInclusion(i, n, leaf, with(p, 0, new byte[0]), root);
      refuseInclusion(i, n, leaf, with(p, 0, root), root);
      for (int k = 0; k < p.size(); k++) {
        refuseInclusion(i, n, leaf, flipped(p, k, 0, 8), root);
      }
      if (!p.isEmpty()) {
        refuseInclusion(i, n, leaf, p.subList(0, p.size() - 1), root);
      }
      if (p.size() > 1) {
        refuseInclusion(i, n, leaf, with(p, 1, SOME_HASH), root);
      }
    }
  }

  @Test
  void verifyConsistency_corruptedReferenceProofs_areRefused() {
    for (Consistency v : CONSISTENCIES) {
      if (v.path().isEmpty()) {
        continue;
      }
      long m = v.m();
      long n = v.n();
      byte[] r1 = root(m);
      byte[] r2 = root(n);
      List<byte[]> p = v.path();
      refuseConsistency(m - 1, n, r1, r2, p);
      refuseConsistency(m + 1, n, r1, r2, p);
      refuseConsistency(m ^ 2, n, r1, r2, p);
      refuseConsistency(m, n * 2, r1, r2, p);
      refuseConsistency(m, n / 2, r1, r2, p);
      refuseConsistency(m, n, SOME_HASH, r2, p);
      refuseConsistency(m, n, r1, SOME_HASH, p);
      refuseConsistency(m, n, r2, r1, p);
      refuseConsistency(m, n, r1, r2, List.of());
      refuseConsistency(m, n, r1, r2, with(p, p.size(), new byte[0]));
      refuseConsistency(m, n, r1, r2, with(p, p.size(), r1));
      refuseConsistency(m, n, r1, r2, with(p, p.size(), r2));
      refuseConsistency(m, n, r1, r2, with(p, 0, new byte[0]));
      refuseConsistency(m, n, r1, r2, with(p, 0, r1));
      refuseConsistency(m, n, r1, r2, with(p, 0, r2));
      refuseConsistency(m, n, r1, r2, with(p, 0, p.get(0)));
      refuseConsistency(m, n, r1, r2, p.subList(0, p.size() - 1));
      for (int k = 0; k < p.size(); k++) {
        refuseConsistency(m, n, r1, r2, flipped(p, k, 0, 16));
      }
    }
  }

  @Test
  void verifyConsistency_edgeSizes_followRfc9162() {
    byte[] a = root(1);
    byte[] b = root(2);
    assertDoesNotThrow(() -> MerkleTree.verifyConsistency(0, 0, a, a, List.of()));
    assertDoesNotThrow(() -> MerkleTree.verifyConsistency(0, 1, a, b, List.of()));
    assertDoesNotThrow(() -> MerkleTree.verifyConsistency(1, 1, b, b, List.of()));
    refuseConsistency(0, 0, a, b, List.of());
    refuseConsistency(1, 1, a, b, List.of());
    refuseConsistency(1, 0, a, b, List.of());
    refuseConsistency(2, 1, a, b, List.of());
    refuseConsistency(1, 2, a, b, List.of());
    refuseConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, List.of(EMPTY_ROOT));
    refuseConsistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, List.of(EMPTY_ROOT));
    refuseConsistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, List.of(EMPTY_ROOT));
  }

  @Test
  void verifyInclusion_singleLeafTree_needsLeafEqualToRoot() throws Exception {
    byte[] hash = MerkleHash.leaf("data".getBytes());
    MerkleTree.verifyInclusion(0, 1, hash, List.of(), hash);
    refuseInclusion(0, 1, hash, List.of(), new byte[0]);
    refuseInclusion(0, 1, new byte[0], List.of(), hash);
    refuseInclusion(0, 0, SOME_HASH, List.of(), EMPTY_ROOT);
    refuseInclusion(1, 0, SOME_HASH, List.of(), EMPTY_ROOT);
    refuseInclusion(2, 1, SOME_HASH, List.of(), EMPTY_ROOT);
  }

  @Test
  void proofs_outsideTheTree_areIllegalArguments() {
    MerkleTree tree = MerkleVectors.referenceTree(newTree());
    assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(8, 8));
    assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(0, 9));
    assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(5, 4));
    assertThrows(IllegalArgumentException.class, () -> tree.root(9));
    assertThrows(IllegalArgumentException.class, () -> tree.append(new byte[31]));
  }

  static void refuseInclusion(long i, long n, byte[] leaf, List<byte[]> path, byte[] root) {
    ProofVerificationException e =
        assertThrows(ProofVerificationException.class,
            () -> MerkleTree.verifyInclusion(i, n, leaf, path, root),
            "inclusion " + i + "@" + n + " verified");
    assertEquals(ProofVerificationException.Reason.INVALID_PROOF, e.reason());
  }

  static void refuseConsistency(long m, long n, byte[] r1, byte[] r2, List<byte[]> path) {
    ProofVerificationException e =
        assertThrows(ProofVerificationException.class,
            () -> MerkleTree.verifyConsistency(m, n, r1, r2, path),
            "consistency " + m + "->" + n + " verified");
    assertEquals(ProofVerificationException.Reason.INVALID_PROOF, e.reason());
  }

  static List<byte[]> with(List<byte[]> path, int at, byte[] extra) {
    List<byte[]> copy = new ArrayList<>(path);
    copy.add(at, extra);
    return copy;
  }

  static List<byte[]> flipped(List<byte[]> path, int element, int offset, int bits) {
    List<byte[]> copy = new ArrayList<>(path);
    byte[] changed = copy.get(element).clone();
    changed[offset] ^= (byte) bits;
    copy.set(element, changed);
    return copy;
  }

  static void assertPathEquals(List<byte[]> expected, List<byte[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what + ": path length");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ": element " + i);
    }
  }
}
