package io.fxg.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Appends to and verifies hash chains of {@link LineageRecord}s. */
public final class LineageChain {
  public static final String GENESIS = Digests.ZERO_HASH_HEX;
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private LineageChain() {}

  /** The first record of a chain, or the next after {@code previous}. */
  public static LineageRecord next(
      LineageRecord previous,
      String chainId,
      String type,
      int phase,
      Instant at,
      String node,
      ObjectNode data) {
    long seq = previous == null ? 1 : previous.seq() + 1;
    String prev = previous == null ? GENESIS : previous.hash();
    LineageRecord unhashed =
        new LineageRecord(chainId, seq, type, phase, formatAt(at), node, data, prev, null);
    return new LineageRecord(
        chainId, seq, type, phase, unhashed.at(), node, data, prev, unhashed.computeHash());
  }

  public static String formatAt(Instant at) {
    return AT.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A chain check that failed: which record, which check. */
  public record Failure(String chainId, long seq, String check) {
    @Override
    public String toString() {
      return chainId + " seq " + seq + ": " + check;
    }
  }

  /**
   * Verifies ids, consecutive seq from 1, each {@code prev} link and each recomputed hash. Returns
   * the first failure, or empty when the whole chain holds.
   */
  public static Optional<Failure> verify(String chainId, List<LineageRecord> records) {
    String expectedPrev = GENESIS;
    long expectedSeq = 1;
    for (LineageRecord record : records) {
      if (!chainId.equals(record.executionId())) {
        return Optional.of(new Failure(chainId, record.seq(), "record belongs to " + record.executionId()));
      }
      if (record.seq() != expectedSeq) {
        return Optional.of(new Failure(chainId, record.seq(), "seq " + record.seq() + " where " + expectedSeq + " was due"));
      }
      if (!expectedPrev.equals(record.prev())) {
        return Optional.of(new Failure(chainId, record.seq(), "prev does not match the previous hash"));
      }
      if (!record.computeHash().equals(record.hash())) {
        return Optional.of(new Failure(chainId, record.seq(), "hash does not match the record"));
      }
      expectedPrev = record.hash();
      expectedSeq++;
    }
    return Optional.empty();
  }
}
