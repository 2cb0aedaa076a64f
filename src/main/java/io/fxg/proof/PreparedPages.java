package io.fxg.proof;

import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import io.fxg.proof.AuditSources.Cursor;
import io.fxg.proof.AuditSources.JournalRow;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The order-free half of {@link JournalAudit}: journal pages read one ahead on a reader thread,
 * and each page's rows deserialized, canonicalized and hashed in parallel, handed back in journal
 * order for the checks that depend on it.
 */
final class PreparedPages implements AutoCloseable {
  /**
   * A journal row ready for the in-order checks.
   *
   * @param record null when the event is no lineage event or does not deserialize
   * @param undecodable why the payload did not deserialize, else null
   */
  record Prepared(JournalRow row, LineageRecord record, byte[] bytes, byte[] leafHash, boolean hashHolds,
      String undecodable) {}

  private final Cursor<JournalRow> journal;
  private final JournalAudit.EventDecoder decoder;
  private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "fxg-audit-reader");
    thread.setDaemon(true);
    return thread;
  });
  private CompletableFuture<List<JournalRow>> ahead;

  PreparedPages(Cursor<JournalRow> journal, JournalAudit.EventDecoder decoder) {
    this.journal = journal;
    this.decoder = decoder;
    this.ahead = readAhead();
  }

  /** The next page, prepared; empty after the last. */
  List<Prepared> next() throws SQLException {
    List<JournalRow> page;
    try {
      page = ahead.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw e;
    }
    if (!page.isEmpty()) {
      ahead = readAhead();
    }
    return page.parallelStream().map(this::prepare).toList();
  }

  private CompletableFuture<List<JournalRow>> readAhead() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return journal.nextPage();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, reader);
  }

  private Prepared prepare(JournalRow row) {
    Object event;
    try {
      event = decoder.decode(row.payload(), row.serializerId(), row.manifest());
    } catch (Exception e) {
      return new Prepared(row, null, null, null, false, String.valueOf(e.getMessage()));
    }
    if (!(event instanceof Lineaged lineaged)) {
      return new Prepared(row, null, null, null, false, null);
    }
    LineageRecord record = lineaged.record();
    byte[] bytes = CanonicalRecords.bytes(record);
    return new Prepared(row, record, bytes, MerkleHash.leaf(bytes), RecordHashes.verify(record, bytes), null);
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
