package io.fxg.proof;

import java.util.Arrays;

/**
 * An append-only sequence of 32-byte hashes in fixed-size chunks, so growth never copies the hashes
 * already stored and no single array limits the log's size.
 */
final class HashStore {
  private static final int CHUNK_SHIFT = 10;
  private static final int CHUNK_HASHES = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK_HASHES - 1;

  private byte[][] chunks = new byte[4][];
  private long size;

  long size() {
    return size;
  }

  void append(byte[] source, int offset) {
    int chunk = (int) (size >>> CHUNK_SHIFT);
    if (chunk == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunks.length * 2);
    }
    if (chunks[chunk] == null) {
      chunks[chunk] = new byte[CHUNK_HASHES * MerkleHash.SIZE];
    }
    System.arraycopy(source, offset, chunks[chunk], offsetOf(size), MerkleHash.SIZE);
    size++;
  }

  /** The chunk holding hash {@code index}; read it at {@link #offsetOf(long)}. */
  byte[] chunkOf(long index) {
    return chunks[(int) (index >>> CHUNK_SHIFT)];
  }

  static int offsetOf(long index) {
    return (int) (index & CHUNK_MASK) * MerkleHash.SIZE;
  }

  byte[] get(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("hash " + index + " of " + size);
    }
    int offset = offsetOf(index);
    return Arrays.copyOfRange(chunkOf(index), offset, offset + MerkleHash.SIZE);
  }
}
