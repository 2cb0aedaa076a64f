package io.fxg.proof;

import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import io.fxg.proof.AuditSources.Cursor;
import io.fxg.proof.AuditSources.JournalRow;
import io.fxg.proof.AuditSources.StoredLeaf;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * The order-free half of {@link JournalAudit}: pages of a cursor read ahead on a reader thread of
 * their own and each page's rows prepared (deserialized, canonicalized, hashed) in parallel on the
 * common pool, {@value #AHEAD} pages ahead of the in-order checks, which therefore run on their
 * thread while the next pages are read and prepared. Handed back in cursor order.
 *
 * @param <R> the row read
 * @param <P> the row prepared
 */
final class PreparedPages<R, P> implements AutoCloseable {
  /** Pages read and prepared ahead of the one being checked. */
  static final int AHEAD = 2;

  /**
   * A journal row ready for the in-order checks.
   *
   * @param record null when the event is no lineage event or does not deserialize
   * @param undecodable why the payload did not deserialize, else null
   */
  record Prepared(JournalRow row, LineageRecord record, byte[] bytes, byte[] leafHash, boolean hashHolds,
      String undecodable) {}

  private final Cursor<R> cursor;
  private final Function<R, P> prepare;
  private final ExecutorService reader;
  private final ArrayDeque<CompletableFuture<List<P>>> ahead = new ArrayDeque<>();
  private Iterator<P> current = List.<P>of().iterator();
  private boolean exhausted;

  private PreparedPages(Cursor<R> cursor, Function<R, P> prepare, String name) {
    this.cursor = cursor;
    this.prepare = prepare;
    this.reader = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
    for (int i = 0; i < AHEAD; i++) {
      ahead.addLast(readAhead());
    }
  }

  /** Journal rows, deserialized by {@code decoder}, canonicalized and hashed. */
  static PreparedPages<JournalRow, Prepared> journal(Cursor<JournalRow> journal, JournalAudit.EventDecoder decoder) {
    return new PreparedPages<>(journal, row -> prepare(row, decoder), "fxg-audit-journal");
  }

  /** The log's leaves, as stored (read ahead only). */
  static PreparedPages<StoredLeaf, StoredLeaf> leaves(Cursor<StoredLeaf> leaves) {
    return new PreparedPages<>(leaves, Function.identity(), "fxg-audit-leaves");
  }

  /** The next page, prepared; empty after the last. */
  List<P> next() throws SQLException {
    List<P> page;
    try {
      page = ahead.removeFirst().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw e;
    }
    if (page.isEmpty()) {
      exhausted = true;
    } else {
      ahead.addLast(readAhead());
    }
    return page;
  }

  /** The next prepared row, or null after the last. Not to be mixed with {@link #next()}. */
  P nextRow() throws SQLException {
    while (!current.hasNext()) {
      if (exhausted) {
        return null;
      }
      current = next().iterator();
    }
    return current.next();
  }

  private CompletableFuture<List<P>> readAhead() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return cursor.nextPage();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, reader).thenApplyAsync(page -> page.parallelStream().map(prepare).toList(), ForkJoinPool.commonPool());
  }

  private static Prepared prepare(JournalRow row, JournalAudit.EventDecoder decoder) {
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

  /** Stops reading; a read in progress finishes on its thread (an interrupted H2 read would close the file). */
  @Override
  public void close() {
    reader.shutdown();
    ahead.forEach(page -> page.cancel(false));
  }
}
