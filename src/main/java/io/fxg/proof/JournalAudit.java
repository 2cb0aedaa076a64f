package io.fxg.proof;

import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.AuditSources.Cursor;
import io.fxg.proof.AuditSources.JournalRow;
import io.fxg.proof.AuditSources.StoredLeaf;
import io.fxg.proof.PreparedPages.Prepared;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The read-only audit of a gateway's journal ({@code scripts/fxg audit}, SPEC section 2): one pass
 * over every journal row in {@code ordering} order, merged with the log's leaves in index order.
 * The log's own mapping of leaf index to journal ordering is authoritative: leaves follow journal
 * order except for records the log appended late (reconciliation: a row committed after the log's
 * stream had passed its ordering), which sit at the end with a lower ordering than leaves before
 * them.
 *
 * <ul>
 *   <li>{@code journal.payload}: every row deserializes;
 *   <li>{@code chain}: per persistence id, each lineage record's id, seq, {@code prev} link and
 *       recomputed hash (the {@link LineageChain#verify} rules, applied record by record);
 *   <li>{@code log.leaf}: each leaf is the journal record at its stored ordering: same persistence
 *       id and seq, {@code leaf_hash} equal to the leaf hash recomputed from the journal record and
 *       to {@code SHA-256(0x00 || record)}; {@code log.missing}: a journal record at or below the
 *       log's highest ordering in no leaf; {@code log.duplicate}: a record in a second leaf;
 *       {@code log.extra}: a leaf naming an ordering that holds no lineage record;
 *   <li>{@code log.tile}: every stored full hash tile equals the tile of the tree recomputed from the
 *       journal in leaf order (the log serves proofs and tiles from them);
 *   <li>{@code checkpoint}: every stored checkpoint opens with the log key (when one is given) and
 *       its root equals the root, at its size, of the tree of the leaf hashes recomputed from the
 *       journal in leaf order.
 * </ul>
 *
 * Journal records above the log's highest ordering are counted as not yet appended (a live or
 * just stopped node), not as a discrepancy. After a chain breaks, later records of that chain are
 * not reported again. Memory beyond the recomputed tree: one bit per journal ordering, and the
 * records seen but not yet matched to a leaf (late ones, or missing).
 */
public final class JournalAudit {
  /** Findings kept in the summary; more are only counted. */
  public static final int MAX_FINDINGS = 100;
  private static final long PROGRESS_NANOS = Duration.ofSeconds(5).toNanos();

  /** Turns a journal payload back into the event (Pekko serialization in the CLI). */
  @FunctionalInterface
  public interface EventDecoder {
    Object decode(byte[] payload, int serializerId, String manifest) throws Exception;
  }

  /**
   * One discrepancy: which check, which chain and record; for a tile or a checkpoint,
   * {@code persistenceId} names it ({@code tile level 0 index 3}, {@code checkpoint size 812}) and
   * {@code seq} is -1.
   */
  public record Finding(String check, String persistenceId, long seq, String detail) {
    @Override
    public String toString() {
      return "FAIL " + check + ": " + persistenceId + (seq < 0 ? "" : " seq " + seq) + ": " + detail;
    }
  }

  /**
   * What the audit saw and found; {@link #ok()} only without findings.
   *
   * @param lateLeaves leaves holding a record appended after records of higher ordering
   * @param tiles full hash tiles checked
   */
  public record Summary(long journalRows, long records, long chains, long leaves, long lateLeaves, long checkpoints,
      long notYetLogged, long tiles, Duration elapsed, List<Finding> findings, long findingCount) {
    public boolean ok() {
      return findingCount == 0;
    }

    public double recordsPerSecond() {
      return records / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  private record ChainHead(String chainId, long seq, String hash) {}

  private final String url;
  private final String user;
  private final String password;
  private final EventDecoder decoder;
  private final NoteVerifier logKey;
  private final Consumer<String> progress;
  private final Map<String, ChainHead> chains = new HashMap<>();
  private final Set<String> broken = new HashSet<>();
  private final List<Finding> findings = new ArrayList<>();
  private LeafMatch log;
  private long findingCount;
  private long rows;
  private long records;
  private long checkpoints;
  private long tiles;

  /**
   * @param logKey the log's note verifier key; null skips checkpoint signatures (roots are still
   *     compared)
   * @param progress receives a progress line about every 5 s
   */
  public JournalAudit(String url, String user, String password, EventDecoder decoder, NoteVerifier logKey,
      Consumer<String> progress) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.decoder = decoder;
    this.logKey = logKey;
    this.progress = progress;
  }

  /**
   * Runs the audit once. The order-free work (deserializing, canonicalizing, hashing) of each page
   * of journal rows runs in parallel while the next page is read ({@link PreparedPages}); the
   * checks that follow the journal's order (chains, tree, leaves) run in order on this thread.
   */
  public Summary run() throws SQLException {
    long start = System.nanoTime();
    long reported = start;
    try (AuditSources sources = new AuditSources(url, user, password);
        Cursor<JournalRow> journal = sources.journal();
        Cursor<StoredLeaf> leafCursor = sources.leaves();
        PreparedPages pages = new PreparedPages(journal, decoder)) {
      log = new LeafMatch(leafCursor, this::find);
      for (List<Prepared> page = pages.next(); !page.isEmpty(); page = pages.next()) {
        for (Prepared row : page) {
          check(row);
        }
        long now = System.nanoTime();
        if (now - reported > PROGRESS_NANOS) {
          reported = now;
          progress.accept(String.format("audit: %,d records verified (%,.0f records/s)",
              records, records / ((now - start) / 1e9)));
        }
      }
      log.finish();
      checkTiles(sources);
      checkCheckpoints(sources);
    }
    return new Summary(rows, records, chains.size(), log.leaves(), log.lateLeaves(), checkpoints, log.notYetLogged(),
        tiles, Duration.ofNanos(System.nanoTime() - start), List.copyOf(findings), findingCount);
  }

  private void check(Prepared prepared) throws SQLException {
    JournalRow row = prepared.row();
    rows++;
    if (prepared.undecodable() != null) {
      find("journal.payload", row.persistenceId(), row.seq(), "ordering " + row.ordering()
          + ": the event does not deserialize: " + prepared.undecodable());
      broken.add(row.persistenceId());
      return;
    }
    if (prepared.record() == null) {
      return;
    }
    records++;
    checkChain(row, prepared.record(), prepared.hashHolds());
    log.match(row, prepared.leafHash());
  }

  private void checkChain(JournalRow row, LineageRecord record, boolean hashHolds) {
    String pid = row.persistenceId();
    ChainHead head = chains.get(pid);
    String chainId = head == null ? record.executionId() : head.chainId();
    String problem = null;
    if (!chainId.equals(record.executionId())) {
      problem = "record belongs to " + record.executionId() + ", not " + chainId;
    } else if (record.seq() != (head == null ? 1 : head.seq() + 1)) {
      problem = "seq " + record.seq() + " where " + (head == null ? 1 : head.seq() + 1) + " was due";
    } else if (!(head == null ? LineageChain.GENESIS : head.hash()).equals(record.prev())) {
      problem = "prev does not match the previous record's hash";
    } else if (!hashHolds) {
      problem = "hash does not match the record";
    }
    chains.put(pid, new ChainHead(chainId, record.seq(), record.hash()));
    if (problem != null && broken.add(pid)) {
      find("chain", pid + " (" + chainId + ")", record.seq(), problem);
    }
  }

  /** Each stored full tile against the tile of the tree recomputed from the journal. */
  private void checkTiles(AuditSources sources) throws SQLException {
    try (Cursor<AuditSources.StoredTile> stored = sources.tiles()) {
      for (var tile = stored.next(); tile != null; tile = stored.next()) {
        tiles++;
        String subject = "tile level " + tile.level() + " index " + tile.index();
        TilePath path = TilePath.hashes(tile.level(), tile.index(), TilePath.FULL_WIDTH);
        if (!path.coveredBy(log.tree().size())) {
          find("log.tile", subject, -1, "covers leaves beyond the " + log.tree().size() + " of the log");
          continue;
        }
        byte[] expected = Tiles.hashTile(log.tree(), path);
        if (tile.hashes().length != expected.length) {
          find("log.tile", subject, -1, tile.hashes().length + " bytes where a full tile has " + expected.length);
          continue;
        }
        for (int i = 0; i < TilePath.FULL_WIDTH; i++) {
          if (!Arrays.equals(tile.hashes(), i * MerkleHash.SIZE, (i + 1) * MerkleHash.SIZE,
              expected, i * MerkleHash.SIZE, (i + 1) * MerkleHash.SIZE)) {
            find("log.tile", subject, -1, "hash " + i + " differs from the tree recomputed from the journal");
            break;
          }
        }
      }
    }
  }

  private void checkCheckpoints(AuditSources sources) throws SQLException {
    try (Cursor<LogStore.StoredCheckpoint> stored = sources.checkpoints()) {
      for (var checkpoint = stored.next(); checkpoint != null; checkpoint = stored.next()) {
        checkpoints++;
        String at = "checkpoint size " + checkpoint.size();
        try {
          Checkpoint opened = logKey != null ? Checkpoint.open(checkpoint.note(), logKey)
              : Checkpoint.parseUnverified(checkpoint.note());
          if (opened.size() != checkpoint.size() || opened.size() > log.tree().size()) {
            find("checkpoint", at, -1, "covers " + opened.size() + " leaves; the log holds " + log.tree().size());
          } else if (!MessageDigest.isEqual(opened.root(), log.tree().root(opened.size()))) {
            find("checkpoint", at, -1, "root differs from the tree recomputed from the journal at that size");
          }
        } catch (ProofVerificationException e) {
          find("checkpoint", at, -1, e.getMessage());
        }
      }
    }
  }

  private void find(String check, String persistenceId, long seq, String detail) {
    findingCount++;
    if (findings.size() < MAX_FINDINGS) {
      findings.add(new Finding(check, persistenceId, seq, detail));
    }
  }
}
