package io.fxg.proof;

import io.fxg.lineage.LineageRecord;
import java.util.Set;

/**
 * One leaf of the transparency log as stored: its index, the journal position it was read from,
 * and the record's JCS bytes with their RFC 9162 leaf hash {@code SHA-256(0x00 || record)}.
 *
 * @param index the leaf index, or -1 until the log assigns one
 * @param journalOrdering the journal's global {@code ordering} of the event carrying the record
 * @param terminalExecution the execution id when the record is a terminal one (completed, failed,
 *     interrupted, denied), else null: the log tells that execution once a checkpoint covers it
 */
public record LogLeaf(
    long index,
    long journalOrdering,
    String persistenceId,
    long seq,
    byte[] leafHash,
    byte[] record,
    String terminalExecution) {

  /** Record types that end an execution; phase 8 follows once a checkpoint covers them. */
  public static final Set<String> TERMINAL_TYPES = Set.of(
      "execution.completed", "execution.failed", "execution.interrupted", "execution.denied");

  /** The unindexed leaf of a journaled lineage record. */
  public static LogLeaf of(long journalOrdering, String persistenceId, long seq, LineageRecord record) {
    byte[] bytes = CanonicalRecords.bytes(record);
    String terminal = TERMINAL_TYPES.contains(record.type()) ? record.executionId() : null;
    return new LogLeaf(-1, journalOrdering, persistenceId, seq, MerkleHash.leaf(bytes), bytes, terminal);
  }

  LogLeaf withIndex(long newIndex) {
    return new LogLeaf(newIndex, journalOrdering, persistenceId, seq, leafHash, record, terminalExecution);
  }
}
