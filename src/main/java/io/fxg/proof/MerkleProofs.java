package io.fxg.proof;

import io.fxg.proof.ProofVerificationException.Reason;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** The proof verification algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2. */
final class MerkleProofs {
  /** No proof in a tree of at most 2^64 leaves has more elements than this. */
  static final int MAX_PATH_LENGTH = 64;

  private MerkleProofs() {}

  static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
      throws ProofVerificationException {
    requireShape(path, "inclusion proof");
    requireHash(leafHash, "inclusion proof: leaf hash");
    requireHash(root, "inclusion proof: root");
    if (index < 0 || index >= size) {
      throw invalid("inclusion proof: index " + index + " is outside the tree of size " + size);
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        throw invalid("inclusion proof: longer than the path from leaf to root");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHash.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHash.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw invalid("inclusion proof: shorter than the path from leaf to root");
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw invalid("inclusion proof: computed root differs from the expected root");
    }
  }

  static void verifyConsistency(long m, long n, byte[] rootM, byte[] rootN, List<byte[]> path)
      throws ProofVerificationException {
    requireShape(path, "consistency proof");
    requireHash(rootM, "consistency proof: first root");
    requireHash(rootN, "consistency proof: second root");
    if (m < 0 || m > n) {
      throw invalid("consistency proof: sizes " + m + " and " + n + " go backwards");
    }
    if (m == n || m == 0) {
      if (!path.isEmpty()) {
        throw invalid("consistency proof: must be empty from size " + m + " to " + n);
      }
      if (m == n && !MessageDigest.isEqual(rootM, rootN)) {
        throw invalid("consistency proof: equal sizes with different roots");
      }
      return;
    }
    if (path.isEmpty()) {
      throw invalid("consistency proof: empty from size " + m + " to " + n);
    }
    List<byte[]> p = path;
    if (Long.bitCount(m) == 1) {
      p = new ArrayList<>(path.size() + 1);
      p.add(rootM);
      p.addAll(path);
    }
    long fn = m - 1;
    long sn = n - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = p.get(0);
    byte[] sr = p.get(0);
    for (byte[] c : p.subList(1, p.size())) {
      if (sn == 0) {
        throw invalid("consistency proof: longer than the path between the trees");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHash.node(c, fr);
        sr = MerkleHash.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHash.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw invalid("consistency proof: shorter than the path between the trees");
    }
    if (!MessageDigest.isEqual(fr, rootM)) {
      throw invalid("consistency proof: computed first root differs from the expected one");
    }
    if (!MessageDigest.isEqual(sr, rootN)) {
      throw invalid("consistency proof: computed second root differs from the expected one");
    }
  }

  private static void requireShape(List<byte[]> path, String what)
      throws ProofVerificationException {
    if (path == null) {
      throw invalid(what + ": missing");
    }
    if (path.size() > MAX_PATH_LENGTH) {
      throw invalid(what + ": more than " + MAX_PATH_LENGTH + " hashes");
    }
    for (int i = 0; i < path.size(); i++) {
      requireHash(path.get(i), what + ": element " + i);
    }
  }

  private static void requireHash(byte[] hash, String what) throws ProofVerificationException {
    if (!MerkleHash.isHash(hash)) {
      throw invalid(what + " is not a 32-byte hash");
    }
  }

  private static ProofVerificationException invalid(String message) {
    return new ProofVerificationException(Reason.INVALID_PROOF, message);
  }
}
