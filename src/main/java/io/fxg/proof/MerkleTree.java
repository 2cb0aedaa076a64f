package io.fxg.proof;

import java.util.List;

/**
 * An append-only RFC 9162 Merkle tree over leaf hashes: roots of every earlier size, and the
 * inclusion (section 2.1.3) and consistency (section 2.1.4) proofs between them. Appends are
 * O(1) amortised and every query O(log n), because the hash of each complete power-of-two subtree
 * is kept when it completes: in memory ({@link #create()}), or in C2SP hash tiles of which only the
 * right edge stays in memory (the log's {@code TiledMerkleTree}). The static {@code verify} methods are the section 2.1.3.2 and
 * 2.1.4.2 algorithms and need no tree.
 *
 * <p>Implementations are not thread-safe: confine a tree to one writer (the log actor).
 */
public interface MerkleTree {

  /** An empty tree held in memory (about 64 bytes per leaf). */
  static MerkleTree create() {
    return new InMemoryMerkleTree();
  }

  /** Number of leaves. */
  long size();

  /** Appends a 32-byte leaf hash ({@link MerkleHash#leaf}) and returns its index. */
  long append(byte[] leafHash);

  /** Appends {@code MerkleHash.leaf(data)} and returns its index. */
  default long appendData(byte[] data) {
    return append(MerkleHash.leaf(data));
  }

  /** The root at the current size. */
  default byte[] root() {
    return root(size());
  }

  /** The root of the first {@code size} leaves, {@code 0 <= size <= size()}. */
  default byte[] root(long size) {
    return hash(0, size);
  }

  /** MTH(D[start:end]) of RFC 9162 section 2.1.1, for {@code 0 <= start <= end <= size()}. */
  byte[] hash(long start, long end);

  /** The leaf hash at {@code index}. */
  default byte[] leafHash(long index) {
    return hash(index, index + 1);
  }

  /** PATH(index, D[0:size]), leaf side first; {@code 0 <= index < size <= size()}. */
  List<byte[]> inclusionProof(long index, long size);

  /**
   * PROOF(m, D[0:n]); empty when {@code m == 0} or {@code m == n}; {@code 0 <= m <= n <= size()}.
   */
  List<byte[]> consistencyProof(long m, long n);

  /**
   * Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with
   * {@code root} (RFC 9162 section 2.1.3.2).
   *
   * @throws ProofVerificationException with reason {@code INVALID_PROOF} naming what failed
   */
  static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
      throws ProofVerificationException {
    MerkleProofs.verifyInclusion(index, size, leafHash, path, root);
  }

  /**
   * Verifies that the tree of {@code m} leaves with {@code rootM} is a prefix of the tree of
   * {@code n} leaves with {@code rootN} (RFC 9162 section 2.1.4.2).
   *
   * @throws ProofVerificationException with reason {@code INVALID_PROOF} naming what failed
   */
  static void verifyConsistency(long m, long n, byte[] rootM, byte[] rootN, List<byte[]> path)
      throws ProofVerificationException {
    MerkleProofs.verifyConsistency(m, n, rootM, rootN, path);
  }
}
