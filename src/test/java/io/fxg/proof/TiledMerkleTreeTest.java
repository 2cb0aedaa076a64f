package io.fxg.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The tile-backed tree: the reference vectors and property tests run on it, and over a few
 * thousand leaves every root, proof and hash tile equals the in-memory tree's, for a tree whose
 * tiles were drained to storage (with a two-tile cache, so reads go to storage) and for trees
 * resumed from storage at sizes that are and are not multiples of 256.
 */
class TiledMerkleTreeTest {
  private static final int LEAVES = 5000;

  @Nested
  class Vectors extends MerkleTreeTest {
    @Override
    MerkleTree newTree() {
      return TiledMerkleTree.inMemory();
    }
  }

  @Nested
  class Properties extends MerkleTreePropertyTest {
    @Override
    MerkleTree newTree() {
      return TiledMerkleTree.inMemory();
    }
  }

  /** Full tiles as the log store keeps them, and the leaf hashes. */
  static final class Storage {
    final Map<String, byte[]> tiles = new HashMap<>();
    final List<byte[]> leaves = new ArrayList<>();
    int reads;
    long leavesRead;

    byte[] read(int level, long index) {
      reads++;
      return tiles.get(level + "/" + index);
    }

    byte[] leafHashes(long from, long to) {
      leavesRead += to - from;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      leaves.subList((int) from, (int) to).forEach(out::writeBytes);
      return out.toByteArray();
    }

    void store(TiledMerkleTree tree) {
      tree.drainCompleted().forEach(t -> tiles.put(t.level() + "/" + t.index(), t.hashes()));
    }
  }

  @Test
  void drainedTree_everyRootProofAndTile_equalsTheInMemoryTree() {
    Random random = new Random(256);
    Storage storage = new Storage();
    MerkleTree expected = MerkleTree.create();
    TiledMerkleTree tree = TiledMerkleTree.empty(storage::read, 2);
    for (int i = 0; i < LEAVES; i++) {
      byte[] leaf = MerkleHash.leaf(new byte[] {(byte) i, (byte) (i >> 8), (byte) random.nextInt()});
      storage.leaves.add(leaf);
      expected.append(leaf);
      assertEquals(i, tree.append(leaf));
      storage.store(tree);
    }
    assertSame(expected, tree, random);
    assertEquals(LEAVES / 256 + LEAVES / 65536, storage.tiles.size());
    assertTrue(storage.reads > 0, "full tiles were read back from storage");
  }

  @Test
  void resume_atSizesOnAndOffTileBoundaries_rebuildsTheSameTree() {
    Random random = new Random(9162);
    Storage storage = new Storage();
    MerkleTree expected = MerkleTree.create();
    TiledMerkleTree writer = TiledMerkleTree.empty(storage::read);
    for (long size : new long[] {0, 1, 255, 256, 257, 511, 512, 4096, 4097, LEAVES}) {
      while (expected.size() < size) {
        byte[] leaf = MerkleHash.leaf(new byte[] {(byte) expected.size(), (byte) random.nextInt()});
        storage.leaves.add(leaf);
        expected.append(leaf);
        writer.append(leaf);
        storage.store(writer);
      }
      storage.leavesRead = 0;
      storage.reads = 0;
      TiledMerkleTree resumed = TiledMerkleTree.resume(size, storage::read, storage::leafHashes, 2);
      assertEquals(size, resumed.size());
      assertTrue(storage.leavesRead < 256 && storage.reads < 256, "resumed from the right edge only: "
          + storage.leavesRead + " leaves, " + storage.reads + " tiles read");
      assertArrayEquals(expected.root(), resumed.root(), "root after resuming at " + size);
      // The resumed tree goes on appending as if it had never stopped.
      byte[] next = MerkleHash.leaf(new byte[] {1, 2, 3});
      resumed.append(next);
      MerkleTree longer = MerkleTree.create();
      for (long i = 0; i < size; i++) {
        longer.append(expected.leafHash(i));
      }
      longer.append(next);
      assertArrayEquals(longer.root(), resumed.root(), "root after resuming at " + size + " and appending");
    }
    assertSame(expected, TiledMerkleTree.resume(LEAVES, storage::read, storage::leafHashes, 2), random);
  }

  @Test
  void fullTiles_countEveryLevel() {
    assertEquals(0, LogStore.fullTiles(255));
    assertEquals(1, LogStore.fullTiles(256));
    assertEquals(256 + 1, LogStore.fullTiles(65536));
    assertEquals(257 + 1, LogStore.fullTiles(65536 + 256));
  }

  private static void assertSame(MerkleTree expected, MerkleTree tree, Random random) {
    long n = expected.size();
    for (long size = 0; size <= n; size++) {
      assertArrayEquals(expected.root(size), tree.root(size), "root of size " + size);
    }
    for (int trial = 0; trial < 3000; trial++) {
      long size = 1 + random.nextInt((int) n);
      long index = random.nextInt((int) size);
      assertPaths(expected.inclusionProof(index, size), tree.inclusionProof(index, size), index + "@" + size);
      long m = random.nextInt((int) size + 1);
      assertPaths(expected.consistencyProof(m, size), tree.consistencyProof(m, size), m + "->" + size);
    }
    for (int level = 0; level <= 1; level++) {
      for (long index = 0; index <= n >> (8 * (level + 1)); index++) {
        var tile = Tiles.tileAt(level, index, n);
        if (tile.isPresent()) {
          assertArrayEquals(Tiles.hashTile(expected, tile.get()), Tiles.hashTile(tree, tile.get()), tile.get().path());
        }
      }
    }
  }

  private static void assertPaths(List<byte[]> expected, List<byte[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + " element " + i);
    }
  }
}
