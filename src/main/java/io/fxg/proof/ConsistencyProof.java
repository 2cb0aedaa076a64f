package io.fxg.proof;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verification of an RFC 9162 section 2.1.4.2 consistency proof between two tree heads, for
 * callers outside this package (a witness checking a peer's log).
 */
public final class ConsistencyProof {
  /** Most hashes a consistency proof between trees of up to 2^63 leaves can hold. */
  public static final int MAX_HASHES = 126;

  private ConsistencyProof() {}

  /**
   * Verifies that the tree of {@code newSize} leaves with {@code newRoot} extends the one of
   * {@code oldSize} with {@code oldRoot}.
   *
   * @param path the proof, standard base64 hashes as {@code GET /v1/log/proof/consistency} serves them
   * @throws ProofVerificationException {@code MALFORMED} or {@code INVALID_PROOF}, naming the failure
   */
  public static void verify(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<String> path)
      throws ProofVerificationException {
    if (path.size() > MAX_HASHES) {
      throw new ProofVerificationException(ProofVerificationException.Reason.MALFORMED,
          "consistency proof: more than " + MAX_HASHES + " hashes");
    }
    List<byte[]> hashes = new ArrayList<>(path.size());
    for (String hash : path) {
      byte[] decoded = NoteText.strictBase64(hash);
      if (decoded == null) {
        throw new ProofVerificationException(ProofVerificationException.Reason.MALFORMED,
            "consistency proof: a hash is not canonical base64");
      }
      hashes.add(decoded);
    }
    MerkleProofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, hashes);
  }

  /** The standard base64 of {@code hash}. */
  public static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
