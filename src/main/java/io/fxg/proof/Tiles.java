package io.fxg.proof;

import io.fxg.proof.ProofVerificationException.Reason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of C2SP {@code tlog-tiles} resources, and the client side: recomputing a tree root
 * from the tiles alone. Hash tile {@code N} at level {@code L} is the concatenation, for i in
 * 0..W-1, of MTH(D[(N*256 + i) * 256^L : (N*256 + i + 1) * 256^L]); an entry bundle is each entry
 * as a big-endian uint16 length followed by its bytes.
 */
public final class Tiles {
  /** Longest entry an entry bundle can carry. */
  public static final int MAX_ENTRY_LENGTH = 0xffff;

  /** Reads one tile's bytes, for example over HTTP. */
  @FunctionalInterface
  public interface TileReader {
    byte[] read(TilePath tile) throws ProofVerificationException;
  }

  private Tiles() {}

  /** The hash tile's bytes; the tree must cover it ({@link TilePath#coveredBy}). */
  public static byte[] hashTile(MerkleTree tree, TilePath tile) {
    if (tile.entries() || !tile.coveredBy(tree.size())) {
      throw new IllegalArgumentException(tile + " is not a hash tile of a tree of size " + tree.size());
    }
    int shift = TilePath.HEIGHT * tile.level();
    long first = tile.index() * TilePath.FULL_WIDTH;
    ByteBuffer out = ByteBuffer.allocate(tile.width() * MerkleHash.SIZE);
    for (int i = 0; i < tile.width(); i++) {
      out.put(tree.hash((first + i) << shift, (first + i + 1) << shift));
    }
    return out.array();
  }

  /**
   * The hash tile at {@code level}, {@code index} as published for a tree of {@code treeSize}:
   * full when complete, else partial of width {@code floor(size / 256^level) mod 256}, else none.
   */
  public static Optional<TilePath> tileAt(int level, long index, long treeSize) {
    long hashes = shiftRight(treeSize, TilePath.HEIGHT * level);
    long fullTiles = hashes / TilePath.FULL_WIDTH;
    int partialWidth = (int) (hashes % TilePath.FULL_WIDTH);
    if (index < fullTiles) {
      return Optional.of(TilePath.hashes(level, index, TilePath.FULL_WIDTH));
    }
    if (index == fullTiles && partialWidth > 0) {
      return Optional.of(TilePath.hashes(level, index, partialWidth));
    }
    return Optional.empty();
  }

  /** An entry bundle of 1..256 entries, each at most {@value #MAX_ENTRY_LENGTH} bytes. */
  public static byte[] entryBundle(List<byte[]> entries) {
    if (entries.isEmpty() || entries.size() > TilePath.FULL_WIDTH) {
      throw new IllegalArgumentException("an entry bundle holds 1..256 entries");
    }
    int length = 0;
    for (byte[] entry : entries) {
      if (entry.length > MAX_ENTRY_LENGTH) {
        throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds 65535");
      }
      length += 2 + entry.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    for (byte[] entry : entries) {
      out.putShort((short) entry.length).put(entry);
    }
    return out.array();
  }

  /** The entries of a bundle that must hold exactly {@code width} entries. */
  public static List<byte[]> parseEntryBundle(byte[] bundle, int width)
      throws ProofVerificationException {
    List<byte[]> entries = new ArrayList<>(width);
    ByteBuffer in = ByteBuffer.wrap(bundle);
    while (in.hasRemaining()) {
      if (in.remaining() < 2 || entries.size() == width) {
        throw malformed("entry bundle: trailing bytes after " + entries.size() + " entries");
      }
      int length = Short.toUnsignedInt(in.getShort());
      if (in.remaining() < length) {
        throw malformed("entry bundle: entry " + entries.size() + " is cut short");
      }
      byte[] entry = new byte[length];
      in.get(entry);
      entries.add(entry);
    }
    if (entries.size() != width) {
      throw malformed("entry bundle: " + entries.size() + " entries where " + width + " are due");
    }
    return entries;
  }

  /**
   * The root of the tree of {@code treeSize} leaves computed from its hash tiles alone, reading
   * only the tiles that hold the complete subtrees the root is made of.
   */
  public static byte[] rootFromTiles(long treeSize, TileReader reader)
      throws ProofVerificationException {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative");
    }
    Map<TilePath, byte[]> read = new HashMap<>();
    List<byte[]> subtrees = new ArrayList<>();
    long start = 0;
    for (int height = 62; height >= 0; height--) {
      if ((treeSize >>> height & 1) == 1) {
        subtrees.add(subtreeFromTiles(height, start >>> height, treeSize, reader, read));
        start += 1L << height;
      }
    }
    if (subtrees.isEmpty()) {
      return MerkleHash.emptyRoot();
    }
    byte[] root = subtrees.get(subtrees.size() - 1);
    for (int i = subtrees.size() - 2; i >= 0; i--) {
      root = MerkleHash.node(subtrees.get(i), root);
    }
    return root;
  }

  /** The hash of the complete subtree of 2^height leaves at {@code index}. */
  private static byte[] subtreeFromTiles(
      int height, long index, long treeSize, TileReader reader, Map<TilePath, byte[]> read)
      throws ProofVerificationException {
    int level = height / TilePath.HEIGHT;
    int within = height % TilePath.HEIGHT;
    long first = index << within;
    TilePath tile = tileAt(level, first / TilePath.FULL_WIDTH, treeSize).orElseThrow();
    byte[] data = read.get(tile);
    if (data == null) {
      data = reader.read(tile);
      if (data == null || data.length != tile.width() * MerkleHash.SIZE) {
        throw malformed(tile + ": expected " + tile.width() * MerkleHash.SIZE + " bytes");
      }
      read.put(tile, data);
    }
    int offset = (int) (first % TilePath.FULL_WIDTH) * MerkleHash.SIZE;
    List<byte[]> row = new ArrayList<>();
    for (int i = 0; i < 1 << within; i++) {
      int at = offset + i * MerkleHash.SIZE;
      row.add(Arrays.copyOfRange(data, at, at + MerkleHash.SIZE));
    }
    while (row.size() > 1) {
      List<byte[]> up = new ArrayList<>(row.size() / 2);
      for (int i = 0; i < row.size(); i += 2) {
        up.add(MerkleHash.node(row.get(i), row.get(i + 1)));
      }
      row = up;
    }
    return row.get(0);
  }

  /** {@code value >>> bits}, but 0 for shifts of 64 bits or more (Java masks the shift). */
  static long shiftRight(long value, int bits) {
    return bits >= Long.SIZE ? 0 : value >>> bits;
  }

  private static ProofVerificationException malformed(String message) {
    return new ProofVerificationException(Reason.MALFORMED, message);
  }
}
