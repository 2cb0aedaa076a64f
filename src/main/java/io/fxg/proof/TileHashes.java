package io.fxg.proof;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One C2SP hash tile with its inner Merkle levels: row 0 holds up to 256 hashes of one tile level,
 * row k the hashes of the aligned subtrees of 2^k of them completed so far, row 8 the tile's root
 * once it is full. About 16 KB whatever the width, so any subtree inside the tile is one lookup.
 */
final class TileHashes {
  private static final int ROWS = TilePath.HEIGHT + 1;

  private final long index;
  private final byte[][] rows = new byte[ROWS][];
  private int width;

  /** An empty tile at {@code index} of its level. */
  TileHashes(long index) {
    this.index = index;
    for (int row = 0; row < ROWS; row++) {
      rows[row] = new byte[(TilePath.FULL_WIDTH >> row) * MerkleHash.SIZE];
    }
  }

  /** The tile at {@code index} holding the concatenated 32-byte {@code hashes} (1..256 of them). */
  static TileHashes of(long index, byte[] hashes, MessageDigest digest) {
    if (hashes.length == 0 || hashes.length % MerkleHash.SIZE != 0
        || hashes.length > TilePath.FULL_WIDTH * MerkleHash.SIZE) {
      throw new IllegalStateException("tile " + index + ": " + hashes.length + " bytes is not 1..256 hashes");
    }
    TileHashes tile = new TileHashes(index);
    for (int offset = 0; offset < hashes.length; offset += MerkleHash.SIZE) {
      tile.append(hashes, offset, digest);
    }
    return tile;
  }

  long index() {
    return index;
  }

  int width() {
    return width;
  }

  boolean isFull() {
    return width == TilePath.FULL_WIDTH;
  }

  /** Appends one hash and the inner subtrees it completes. */
  void append(byte[] source, int offset, MessageDigest digest) {
    if (isFull()) {
      throw new IllegalStateException("tile " + index + " is full");
    }
    System.arraycopy(source, offset, rows[0], width * MerkleHash.SIZE, MerkleHash.SIZE);
    int node = width;
    width++;
    // Each trailing 1 bit of the new hash's position is an inner subtree it has just completed.
    for (int row = 0; (node & 1) == 1; row++, node >>>= 1) {
      digest.update(MerkleHash.NODE_PREFIX);
      digest.update(rows[row], (node - 1) * MerkleHash.SIZE, 2 * MerkleHash.SIZE);
      try {
        digest.digest(rows[row + 1], (node >>> 1) * MerkleHash.SIZE, MerkleHash.SIZE);
      } catch (DigestException e) {
        throw new IllegalStateException("a row slot holds exactly one SHA-256", e);
      }
    }
  }

  /** The hash at {@code position} of inner {@code row}; it must be complete. */
  byte[] get(int row, int position) {
    if (((long) position + 1) << row > width) {
      throw new IllegalStateException("tile " + index + " has no complete hash " + position + " at row " + row);
    }
    int from = position * MerkleHash.SIZE;
    return Arrays.copyOfRange(rows[row], from, from + MerkleHash.SIZE);
  }

  /** The tile's root, the hash one tile level up; only for a full tile. */
  byte[] root() {
    return get(TilePath.HEIGHT, 0);
  }

  /** The tile's row 0, as published: {@code width} concatenated hashes. */
  byte[] hashes() {
    return Arrays.copyOf(rows[0], width * MerkleHash.SIZE);
  }
}
