package io.fxg.proof;

import io.fxg.proof.AuditSources.Cursor;
import io.fxg.proof.AuditSources.JournalRow;
import io.fxg.proof.AuditSources.StoredLeaf;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The leaf half of {@link JournalAudit}: the journal's lineage records, in ordering order, matched
 * with the log's leaves, in index order, taking each leaf's stored ordering as authoritative. A
 * leaf whose ordering is not above every earlier leaf's was appended late (reconciliation) and is
 * matched with the record kept for it when the journal passed its ordering; the tree is rebuilt in
 * leaf order from the hashes recomputed from the journal.
 */
final class LeafMatch {
  /** Where discrepancies go: check, persistence id, seq, detail. */
  @FunctionalInterface
  interface Findings {
    void find(String check, String persistenceId, long seq, String detail);
  }

  /** A journal record not (yet) matched to a leaf. */
  private record Unmatched(String persistenceId, long seq, byte[] leafHash) {}

  private final Cursor<StoredLeaf> log;
  private final Findings findings;
  /** The log's tree recomputed from the journal, in leaf order. */
  private final MerkleTree tree = MerkleTree.create();
  private final OrderingSet lineageOrderings = new OrderingSet();
  private final Map<Long, Unmatched> unmatched = new LinkedHashMap<>();
  private StoredLeaf leaf;
  /** The highest ordering of the leaves read so far; a leaf at or below it was appended late. */
  private long leafMax;
  private long leaves;
  private long lateLeaves;
  private long notYetLogged;

  LeafMatch(Cursor<StoredLeaf> log, Findings findings) throws SQLException {
    this.log = log;
    this.findings = findings;
    this.leaf = log.next();
  }

  MerkleTree tree() {
    return tree;
  }

  long leaves() {
    return leaves;
  }

  long lateLeaves() {
    return lateLeaves;
  }

  long notYetLogged() {
    return notYetLogged;
  }

  /** After the last journal row: the remaining leaves, then every record no leaf held. */
  void finish() throws SQLException {
    skipTo(Long.MAX_VALUE);
    unmatched.forEach((ordering, record) -> findings.find("log.missing", record.persistenceId(), record.seq(),
        "journal ordering " + ordering + " is not in the log"));
    unmatched.clear();
  }

  /**
   * Matches a journal record with the next leaf in journal order, or keeps it for a late leaf
   * further on (reported missing if none comes).
   */
  void match(JournalRow row, byte[] hash) throws SQLException {
    lineageOrderings.add(row.ordering());
    skipTo(row.ordering());
    if (leaf == null) {
      notYetLogged++;
    } else if (leaf.ordering() > row.ordering()) {
      unmatched.put(row.ordering(), new Unmatched(row.persistenceId(), row.seq(), hash));
    } else {
      compare(leaf, row.persistenceId(), row.seq(), hash);
      leafMax = leaf.ordering();
      leaf = log.next();
    }
  }

  /**
   * Consumes the leaves before the one at {@code ordering}: late leaves (matched with the records
   * kept for them) and leaves naming orderings below it, which hold no lineage record.
   */
  private void skipTo(long ordering) throws SQLException {
    for (; leaf != null; leaf = log.next()) {
      if (leaf.ordering() <= leafMax) {
        late(leaf);
      } else if (leaf.ordering() < ordering) {
        extra(leaf);
        leafMax = leaf.ordering();
      } else {
        return;
      }
    }
  }

  private void late(StoredLeaf late) {
    Unmatched record = unmatched.remove(late.ordering());
    if (record != null) {
      lateLeaves++;
      compare(late, record.persistenceId(), record.seq(), record.leafHash());
    } else if (lineageOrderings.contains(late.ordering())) {
      leaves++;
      tree.append(late.leafHash());
      findings.find("log.duplicate", late.persistenceId(), late.seq(), "leaf " + late.index()
          + " repeats journal ordering " + late.ordering() + ", which an earlier leaf holds");
    } else {
      extra(late);
    }
  }

  private void extra(StoredLeaf extra) {
    leaves++;
    tree.append(extra.leafHash());
    findings.find("log.extra", extra.persistenceId(), extra.seq(), "leaf " + extra.index()
        + " names journal ordering " + extra.ordering() + ", which holds no lineage record");
  }

  /** Checks a leaf against the journal record at its ordering; the recomputed hash joins the tree. */
  private void compare(StoredLeaf stored, String persistenceId, long seq, byte[] hash) {
    leaves++;
    tree.append(hash);
    if (!stored.persistenceId().equals(persistenceId) || stored.seq() != seq) {
      findings.find("log.leaf", persistenceId, seq, "leaf " + stored.index() + " names " + stored.persistenceId()
          + " seq " + stored.seq());
    } else if (!MessageDigest.isEqual(stored.leafHash(), hash)) {
      findings.find("log.leaf", persistenceId, seq, "leaf " + stored.index() + " differs from the journal record");
    } else if (!MessageDigest.isEqual(stored.leafHash(), MerkleHash.leaf(stored.record()))) {
      findings.find("log.leaf", persistenceId, seq, "leaf " + stored.index()
          + ": stored hash is not SHA-256(0x00 || record)");
    }
  }

  /** Journal orderings, one bit each in blocks of 2^20. */
  private static final class OrderingSet {
    private static final int BLOCK_BITS = 20;
    private final Map<Long, BitSet> blocks = new HashMap<>();

    void add(long ordering) {
      blocks.computeIfAbsent(ordering >>> BLOCK_BITS, block -> new BitSet(1 << BLOCK_BITS))
          .set((int) (ordering & ((1 << BLOCK_BITS) - 1)));
    }

    boolean contains(long ordering) {
      BitSet block = blocks.get(ordering >>> BLOCK_BITS);
      return block != null && block.get((int) (ordering & ((1 << BLOCK_BITS) - 1)));
    }
  }
}
