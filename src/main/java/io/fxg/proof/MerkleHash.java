package io.fxg.proof;

import io.fxg.crypto.Digests;
import java.security.MessageDigest;

/**
 * RFC 9162 section 2.1.1 hashing with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an interior
 * node {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256()}. The one-byte
 * prefixes keep leaves and nodes from ever colliding.
 */
public final class MerkleHash {
  /** Length of every hash in the tree. */
  public static final int SIZE = 32;
  /** Prefix of leaf hashes (RFC 9162 section 2.1.1). */
  public static final byte LEAF_PREFIX = 0x00;
  /** Prefix of interior node hashes (RFC 9162 section 2.1.1). */
  public static final byte NODE_PREFIX = 0x01;

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Digests::sha256Digest);

  private MerkleHash() {}

  /** {@code SHA-256(0x00 || data)}. */
  public static byte[] leaf(byte[] data) {
    MessageDigest digest = SHA256.get();
    digest.update(LEAF_PREFIX);
    digest.update(data);
    return digest.digest();
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] node(byte[] left, byte[] right) {
    requireHash(left, "left");
    requireHash(right, "right");
    MessageDigest digest = SHA256.get();
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /** The root of the empty tree, {@code SHA-256} of no bytes. */
  public static byte[] emptyRoot() {
    return Digests.sha256(new byte[0]);
  }

  static void requireHash(byte[] hash, String name) {
    if (hash == null || hash.length != SIZE) {
      throw new IllegalArgumentException(name + " must be a 32-byte hash");
    }
  }

  static boolean isHash(byte[] hash) {
    return hash != null && hash.length == SIZE;
  }
}
