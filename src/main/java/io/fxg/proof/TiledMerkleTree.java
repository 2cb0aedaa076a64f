package io.fxg.proof;

import io.fxg.crypto.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MerkleTree} that keeps in memory only what appends need, the right edge: at each C2SP
 * tile level the one partial tile (at most 255 hashes, ~16 KB with its inner levels), plus a
 * bounded LRU cache of {@value #CACHE_TILES} recent full tiles. Every full tile is handed out once
 * by {@link #drainCompleted()} for the owner to store, and read back through a {@link TileReader}
 * when a root, proof or tile needs it; until drained it stays readable here. A tree that is never
 * drained therefore holds every tile (the test and verifier form, {@link #inMemory()}).
 *
 * <p>Level L holds MTH of each aligned run of 256^L leaves, so any complete subtree of 2^h leaves
 * is one inner hash of one tile at level h / 8; roots and proofs are the same recursions as
 * {@link InMemoryMerkleTree} over those subtrees and therefore identical to it.
 */
final class TiledMerkleTree implements MerkleTree {
  /** Full tiles kept in memory after use: 16 KB each. */
  static final int CACHE_TILES = 128;

  /** A full tile of 256 hashes to store: level, index and its concatenated row 0. */
  record FullTile(int level, long index, byte[] hashes) {}

  /** Reads a stored full tile (256 concatenated hashes). */
  @FunctionalInterface
  interface TileReader {
    byte[] read(int level, long index);
  }

  /** Reads stored leaf hashes {@code from} (inclusive) to {@code to} (exclusive), concatenated. */
  @FunctionalInterface
  interface LeafReader {
    byte[] read(long from, long to);
  }

  private record Key(int level, long index) {}

  private final TileReader storage;
  private final MessageDigest digest = Digests.sha256Digest();
  private final List<TileHashes> edge = new ArrayList<>();
  private final Map<Key, byte[]> completed = new LinkedHashMap<>();
  private final Map<Key, TileHashes> cache;
  private long size;

  private TiledMerkleTree(TileReader storage, int cacheTiles) {
    this.storage = storage;
    this.cache = new LinkedHashMap<>(cacheTiles, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, TileHashes> eldest) {
        return size() > cacheTiles;
      }
    };
    edge.add(new TileHashes(0));
  }

  /** An empty tree whose tiles are never drained, so it needs no storage. */
  static TiledMerkleTree inMemory() {
    return new TiledMerkleTree((level, index) -> {
      throw new IllegalStateException("tile " + level + "/" + index + " was never stored");
    }, CACHE_TILES);
  }

  /** An empty tree reading its drained tiles from {@code storage}. */
  static TiledMerkleTree empty(TileReader storage) {
    return empty(storage, CACHE_TILES);
  }

  /** An empty tree reading its drained tiles from {@code storage}, caching {@code cacheTiles}. */
  static TiledMerkleTree empty(TileReader storage, int cacheTiles) {
    return new TiledMerkleTree(storage, cacheTiles);
  }

  /**
   * The tree of {@code size} stored leaves, rebuilt from its right edge only: the leaf hashes of
   * the partial level-0 tile, and at each higher level the roots of the full tiles below it that
   * its partial tile covers (at most 255 tile reads per level).
   */
  static TiledMerkleTree resume(long size, TileReader storage, LeafReader leaves) {
    return resume(size, storage, leaves, CACHE_TILES);
  }

  /** {@link #resume(long, TileReader, LeafReader)} caching {@code cacheTiles} full tiles. */
  static TiledMerkleTree resume(long size, TileReader storage, LeafReader leaves, int cacheTiles) {
    TiledMerkleTree tree = new TiledMerkleTree(storage, cacheTiles);
    tree.edge.clear();
    for (int level = 0; level == 0 || Tiles.shiftRight(size, TilePath.HEIGHT * level) > 0; level++) {
      long hashes = Tiles.shiftRight(size, TilePath.HEIGHT * level);
      long tileIndex = hashes / TilePath.FULL_WIDTH;
      long first = tileIndex * TilePath.FULL_WIDTH;
      TileHashes partial = new TileHashes(tileIndex);
      if (level == 0 && hashes > first) {
        byte[] row = leaves.read(first, hashes);
        if (row.length != (hashes - first) * MerkleHash.SIZE) {
          throw new IllegalStateException("log store: leaves " + first + ".." + (hashes - 1) + " are not all stored");
        }
        for (int offset = 0; offset < row.length; offset += MerkleHash.SIZE) {
          partial.append(row, offset, tree.digest);
        }
      }
      for (long below = first; level > 0 && below < hashes; below++) {
        partial.append(tree.stored(level - 1, below).root(), 0, tree.digest);
      }
      tree.edge.add(partial);
    }
    tree.size = size;
    return tree;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long append(byte[] leafHash) {
    MerkleHash.requireHash(leafHash, "leafHash");
    push(0, leafHash);
    return size++;
  }

  /** Appends a hash at tile {@code level}; a tile it fills is completed and its root goes up. */
  private void push(int level, byte[] hash) {
    if (edge.size() == level) {
      edge.add(new TileHashes(0));
    }
    TileHashes tile = edge.get(level);
    tile.append(hash, 0, digest);
    if (tile.isFull()) {
      Key key = new Key(level, tile.index());
      completed.put(key, tile.hashes());
      cache.put(key, tile);
      edge.set(level, new TileHashes(tile.index() + 1));
      push(level + 1, tile.root());
    }
  }

  /** The full tiles completed since the last call, in completion order, for the owner to store. */
  List<FullTile> drainCompleted() {
    List<FullTile> tiles = new ArrayList<>(completed.size());
    completed.forEach((key, hashes) -> tiles.add(new FullTile(key.level(), key.index(), hashes)));
    completed.clear();
    return tiles;
  }

  @Override
  public byte[] hash(long start, long end) {
    return MerklePaths.rangeHash(start, end, size, this::subtree);
  }

  /** MTH of the complete subtree of 2^height leaves starting at leaf {@code start}. */
  private byte[] subtree(int height, long start) {
    int level = height / TilePath.HEIGHT;
    int row = height % TilePath.HEIGHT;
    long hashIndex = start >>> (TilePath.HEIGHT * level);
    long tileIndex = hashIndex / TilePath.FULL_WIDTH;
    int position = (int) (hashIndex % TilePath.FULL_WIDTH);
    TileHashes right = edge.get(level);
    TileHashes tile = right.index() == tileIndex ? right : stored(level, tileIndex);
    return tile.get(row, position >>> row);
  }

  /** A full tile: cached, completed but not yet drained, or read from storage. */
  private TileHashes stored(int level, long index) {
    Key key = new Key(level, index);
    TileHashes tile = cache.get(key);
    if (tile == null) {
      byte[] hashes = completed.get(key);
      if (hashes == null) {
        hashes = storage.read(level, index);
      }
      if (hashes == null || hashes.length != TilePath.FULL_WIDTH * MerkleHash.SIZE) {
        throw new IllegalStateException("tile " + level + "/" + index + " is not a stored full tile");
      }
      tile = TileHashes.of(index, hashes, digest);
      cache.put(key, tile);
    }
    return tile;
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
