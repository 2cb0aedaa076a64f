package io.fxg.proof;

import static io.fxg.proof.SignedNoteTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.proof.ProofVerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tile bytes from the tree, and a tiles-only client that recomputes the checkpoint root. */
class TilesTest {

  @Test
  void hashTile_referenceTree_isTheConcatenatedLeafHashes() {
    MerkleTree tree = MerkleVectors.referenceTree();
    byte[] tile = Tiles.hashTile(tree, TilePath.hashes(0, 0, 8));
    ByteBuffer expected = ByteBuffer.allocate(8 * 32);
    MerkleVectors.LEAVES.forEach(leaf -> expected.put(MerkleHash.leaf(leaf)));
    assertArrayEquals(expected.array(), tile);
    assertThrows(IllegalArgumentException.class, () -> Tiles.hashTile(tree, TilePath.hashes(0, 0, 9)));
  }

  @Test
  void hashTile_level1_holdsRootsOfFullLevel0Tiles() {
    MerkleTree tree = tree(600);
    byte[] tile = Tiles.hashTile(tree, TilePath.hashes(1, 0, 2));
    assertArrayEquals(tree.hash(0, 256), Arrays.copyOfRange(tile, 0, 32));
    assertArrayEquals(tree.hash(256, 512), Arrays.copyOfRange(tile, 32, 64));
  }

  @Test
  void rootFromTiles_manySizes_equalsTheTreeRoot() throws Exception {
    MerkleTree tree = tree(70_000);
    for (long size : new long[] {0, 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 69_999, 70_000}) {
      Set<TilePath> read = new HashSet<>();
      byte[] root = Tiles.rootFromTiles(size, tile -> {
        assertTrue(tile.coveredBy(size), tile + " beyond " + size);
        read.add(tile);
        return Tiles.hashTile(tree, tile);
      });
      assertArrayEquals(tree.root(size), root, "size " + size);
      assertTrue(read.size() <= 3, "tiles read for " + size + ": " + read);
    }
  }

  @Test
  void tilesOnlyClient_signedCheckpoint_recomputesRootAndEveryEntry() throws Exception {
    NoteSigner logKey = NoteSigner.generate("fxg.example/log");
    List<byte[]> entries = new ArrayList<>();
    MerkleTree tree = MerkleTree.create();
    for (int i = 0; i < 1000; i++) {
      byte[] entry = ("{\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      entries.add(entry);
      tree.appendData(entry);
    }
    String note = Checkpoint.of("fxg.example/log", tree.size(), tree.root()).sign(logKey);

    // The client sees only the note and tile bytes fetched by path text.
    Tiles.TileReader overHttp = tile -> serve(tree, entries, TilePath.parse(tile.path()).path());
    Checkpoint checkpoint = Checkpoint.open(note, logKey.verifier());
    assertArrayEquals(checkpoint.root(), Tiles.rootFromTiles(checkpoint.size(), overHttp));

    MerkleTree rebuilt = MerkleTree.create();
    for (long n = 0; n * 256 < checkpoint.size(); n++) {
      int width = (int) Math.min(256, checkpoint.size() - n * 256);
      List<byte[]> bundle = Tiles.parseEntryBundle(
          overHttp.read(TilePath.entries(n, width)), width);
      byte[] hashes = overHttp.read(TilePath.hashes(0, n, width));
      for (int i = 0; i < width; i++) {
        byte[] leaf = MerkleHash.leaf(bundle.get(i));
        assertArrayEquals(Arrays.copyOfRange(hashes, i * 32, i * 32 + 32), leaf);
        rebuilt.append(leaf);
      }
    }
    assertArrayEquals(checkpoint.root(), rebuilt.root());
  }

  @Test
  void rootFromTiles_oneChangedByte_givesAnotherRoot() throws Exception {
    MerkleTree tree = tree(1000);
    byte[] root = Tiles.rootFromTiles(1000, tile -> {
      byte[] data = Tiles.hashTile(tree, tile);
      if (tile.level() == 0 && tile.index() == 3) {
        data[5] ^= 1;
      }
      return data;
    });
    assertFalse(Arrays.equals(tree.root(), root));
    expect(Reason.MALFORMED, () -> Tiles.rootFromTiles(1000, tile -> new byte[31]));
  }

  @Test
  void entryBundle_roundTripsAndRefusesBadFraming() throws Exception {
    List<byte[]> entries = List.of(new byte[0], "a".getBytes(), new byte[Tiles.MAX_ENTRY_LENGTH]);
    byte[] bundle = Tiles.entryBundle(entries);
    assertEquals(0, bundle[0]);
    assertEquals(0, bundle[1]);
    assertEquals(1, bundle[3]);
    List<byte[]> parsed = Tiles.parseEntryBundle(bundle, 3);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(entries.get(i), parsed.get(i));
    }
    expect(Reason.MALFORMED, () -> Tiles.parseEntryBundle(bundle, 2));
    expect(Reason.MALFORMED, () -> Tiles.parseEntryBundle(bundle, 4));
    expect(Reason.MALFORMED, () -> Tiles.parseEntryBundle(Arrays.copyOf(bundle, bundle.length - 1), 3));
    expect(Reason.MALFORMED, () -> Tiles.parseEntryBundle(Arrays.copyOf(bundle, bundle.length + 1), 3));
    assertThrows(IllegalArgumentException.class,
        () -> Tiles.entryBundle(List.of(new byte[Tiles.MAX_ENTRY_LENGTH + 1])));
  }

  private static byte[] serve(MerkleTree tree, List<byte[]> entries, String path)
      throws ProofVerificationException {
    TilePath tile = TilePath.parse(path);
    if (!tile.entries()) {
      return Tiles.hashTile(tree, tile);
    }
    int from = (int) tile.index() * 256;
    return Tiles.entryBundle(entries.subList(from, from + tile.width()));
  }

  private static MerkleTree tree(int size) {
    MerkleTree tree = MerkleTree.create();
    for (int i = 0; i < size; i++) {
      tree.appendData(ByteBuffer.allocate(4).putInt(i).array());
    }
    return tree;
  }
}
