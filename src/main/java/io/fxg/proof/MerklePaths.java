package io.fxg.proof;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The range hash of RFC 9162 section 2.1.1 and the proof generation algorithms of sections
 * 2.1.3.1 and 2.1.4.1 over any tree's subtree hashes, so every {@link MerkleTree} implementation
 * produces the same hashes and paths.
 */
final class MerklePaths {
  private MerklePaths() {}

  /** The hash of a complete subtree: 2^height leaves from leaf {@code start} (a multiple of 2^height). */
  @FunctionalInterface
  interface Subtrees {
    byte[] hash(int height, long start);
  }

  /** MTH(D[start:end]) of a tree of {@code size} leaves, from its complete subtrees. */
  static byte[] rangeHash(long start, long end, long size, Subtrees subtrees) {
    if (start < 0 || start > end || end > size) {
      throw new IllegalArgumentException(
          "range [" + start + ", " + end + ") outside the tree of size " + size);
    }
    return mth(start, end, subtrees);
  }

  private static byte[] mth(long start, long end, Subtrees subtrees) {
    long count = end - start;
    if (count == 0) {
      return MerkleHash.emptyRoot();
    }
    if (Long.bitCount(count) == 1 && start % count == 0) {
      return subtrees.hash(Long.numberOfTrailingZeros(count), start);
    }
    long split = Long.highestOneBit(count - 1);
    return MerkleHash.node(mth(start, start + split, subtrees), mth(start + split, end, subtrees));
  }

  /** PATH(index, D[0:size]), leaf side first. */
  static List<byte[]> inclusion(MerkleTree tree, long index, long treeSize) {
    if (index < 0 || index >= treeSize || treeSize > tree.size()) {
      throw new IllegalArgumentException(
          "no inclusion proof for index " + index + " in size " + treeSize + " of " + tree.size());
    }
    // Walk from the root down to the leaf; PATH lists the siblings from the leaf up.
    List<byte[]> path = new ArrayList<>();
    long start = 0;
    long end = treeSize;
    while (end - start > 1) {
      long split = Long.highestOneBit(end - start - 1);
      if (index < start + split) {
        path.add(tree.hash(start + split, end));
        end = start + split;
      } else {
        path.add(tree.hash(start, start + split));
        start += split;
      }
    }
    Collections.reverse(path);
    return path;
  }

  /** PROOF(m, D[0:n]); empty when {@code m == 0} or {@code m == n}. */
  static List<byte[]> consistency(MerkleTree tree, long m, long n) {
    if (m < 0 || m > n || n > tree.size()) {
      throw new IllegalArgumentException(
          "no consistency proof from " + m + " to " + n + " in a tree of size " + tree.size());
    }
    List<byte[]> proof = new ArrayList<>();
    if (m == 0 || m == n) {
      return proof;
    }
    // SUBPROOF(m, D[start:end], b) of RFC 9162 section 2.1.4.1, unrolled from the top.
    long start = 0;
    long end = n;
    long first = m;
    boolean wholeOldTree = true;
    while (first != end - start) {
      long split = Long.highestOneBit(end - start - 1);
      if (first <= split) {
        proof.add(tree.hash(start + split, end));
        end = start + split;
      } else {
        proof.add(tree.hash(start, start + split));
        start += split;
        first -= split;
        wholeOldTree = false;
      }
    }
    if (!wholeOldTree) {
      proof.add(tree.hash(start, end));
    }
    Collections.reverse(proof);
    return proof;
  }
}
