package io.fxg.proof;

import io.fxg.crypto.Digests;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MerkleTree} storing every complete subtree hash: level 0 holds the leaf hashes, level k
 * the hashes of the aligned subtrees of 2^k leaves completed so far. The right edge of level k
 * (its last entry when bit k of the size is set) is the compact range, so a root of any size is
 * at most 64 stored hashes combined, and an append hashes only the subtrees it completes.
 */
final class InMemoryMerkleTree implements MerkleTree {
  private final List<HashStore> levels = new ArrayList<>();
  private final MessageDigest digest = Digests.sha256Digest();
  private final byte[] scratch = new byte[MerkleHash.SIZE];
  private long size;

  InMemoryMerkleTree() {
    levels.add(new HashStore());
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long append(byte[] leafHash) {
    MerkleHash.requireHash(leafHash, "leafHash");
    long index = size;
    levels.get(0).append(leafHash, 0);
    size++;
    // Each trailing 1 bit of the new leaf's index is a subtree this leaf has just completed.
    long node = index;
    for (int level = 0; (node & 1) == 1; level++, node >>>= 1) {
      if (levels.size() == level + 1) {
        levels.add(new HashStore());
      }
      HashStore below = levels.get(level);
      hashChildren(below, node - 1, node);
      levels.get(level + 1).append(scratch, 0);
    }
    return index;
  }

  /** Writes {@code SHA-256(0x01 || left || right)} of two stored hashes into {@code scratch}. */
  private void hashChildren(HashStore store, long left, long right) {
    digest.update(MerkleHash.NODE_PREFIX);
    digest.update(store.chunkOf(left), HashStore.offsetOf(left), MerkleHash.SIZE);
    digest.update(store.chunkOf(right), HashStore.offsetOf(right), MerkleHash.SIZE);
    try {
      digest.digest(scratch, 0, MerkleHash.SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("scratch holds exactly one SHA-256", e);
    }
  }

  @Override
  public byte[] hash(long start, long end) {
    return MerklePaths.rangeHash(start, end, size, (height, first) -> levels.get(height).get(first >>> height));
  }

  @Override
  public List<byte[]> inclusionProof(long index, long treeSize) {
    return MerklePaths.inclusion(this, index, treeSize);
  }

  @Override
  public List<byte[]> consistencyProof(long m, long n) {
    return MerklePaths.consistency(this, m, n);
  }
}
