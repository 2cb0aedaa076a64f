package io.fxg.identity;

import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;

/** The per-record check the trust entities run while applying events: one link of the chain. */
final class ChainLinks {
  private ChainLinks() {}

  /** Null when {@code record} correctly follows {@code head} in chain {@code chainId}; else what failed. */
  static String fault(String chainId, LineageRecord head, LineageRecord record) {
    return head == null ? fault(chainId, 0, null, record) : fault(chainId, head.seq(), head.hash(), record);
  }

  /** The same against a head known only by seq and hash (0 and null before the first record). */
  static String fault(String chainId, long headSeq, String headHash, LineageRecord record) {
    long expectedSeq = headSeq + 1;
    String expectedPrev = headHash == null ? LineageChain.GENESIS : headHash;
    if (!chainId.equals(record.executionId())) {
      return "seq " + record.seq() + " belongs to chain " + record.executionId();
    }
    if (record.seq() != expectedSeq) {
      return "seq " + record.seq() + " where " + expectedSeq + " was due";
    }
    if (!expectedPrev.equals(record.prev())) {
      return "seq " + record.seq() + ": prev does not match the previous hash";
    }
    if (!record.computeHash().equals(record.hash())) {
      return "seq " + record.seq() + ": hash does not match the record";
    }
    return null;
  }
}
