package io.fxg.proof;

import io.fxg.proof.ProofVerificationException.Reason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The cosignatures peer witnesses handed back for this log's checkpoints, in the log's database:
 * {@code fxg_log_cosignatures(size, witness_key_id, line, at)}, one line per checkpoint size and
 * witness key (the first accepted is kept). A line is stored only after it verified over the
 * checkpoint this log published at that size.
 */
public final class CosignatureStore {
  /** Most cosignatures kept per checkpoint (beyond the log's own signature, within a note's limit). */
  public static final int MAX_PER_CHECKPOINT = SignedNote.MAX_SIGNATURES - 1;
  /** How many recent checkpoints a line without a size is tried against. */
  static final int RECENT_CHECKPOINTS = 16;
  private static final String SCHEMA =
      "CREATE TABLE IF NOT EXISTS fxg_log_cosignatures (size BIGINT NOT NULL, witness_key_id VARCHAR(300) NOT NULL,"
          + " line VARCHAR(600) NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (size, witness_key_id))";
  /** SQLSTATE of a unique-key violation, on H2 and PostgreSQL. */
  private static final String DUPLICATE_KEY = "23505";

  private final LogStore store;

  public CosignatureStore(LogStore store) {
    this.store = store;
  }

  public void createSchema() {
    store.run(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute(SCHEMA);
      }
      return null;
    });
  }

  /** What {@link #accept} did with a verified line. */
  public enum Outcome { STORED, ALREADY_HELD }

  /**
   * Verifies {@code line} against {@code witnesses} over the checkpoint published at {@code size}
   * (or, when null, over the most recent checkpoints), and stores it.
   *
   * @throws ProofVerificationException {@code UNKNOWN_KEY} (no registered witness has that name and
   *     key ID, or no checkpoint of that size), {@code BAD_SIGNATURE}, {@code MALFORMED}
   */
  public Outcome accept(String line, Long size, Collection<CosignatureVerifier> witnesses, long nowMillis)
      throws ProofVerificationException {
    CosignatureVerifier.Parsed parsed = CosignatureVerifier.Parsed.of(line);
    CosignatureVerifier witness = witnesses.stream()
        .filter(w -> w.name().equals(parsed.name()) && w.keyId() == parsed.keyId()).findFirst()
        .orElseThrow(() -> new ProofVerificationException(Reason.UNKNOWN_KEY,
            "cosignature: " + parsed.keyIdText() + " is not the witness key of a registered peer"));
    List<LogStore.StoredCheckpoint> candidates = size != null
        ? checkpointAt(size).map(List::of).orElse(List.of())
        : recentCheckpoints();
    if (candidates.isEmpty()) {
      throw new ProofVerificationException(Reason.UNKNOWN_KEY,
          "cosignature: this log published no checkpoint" + (size != null ? " of size " + size : ""));
    }
    ProofVerificationException last = null;
    for (LogStore.StoredCheckpoint checkpoint : candidates) {
      String text = SignedNote.parse(checkpoint.note()).text();
      try {
        witness.verify(text, line);
      } catch (ProofVerificationException e) {
        last = e;
        continue;
      }
      String canonical = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      return insert(checkpoint.size(), witness.keyIdText(), canonical, nowMillis);
    }
    throw last;
  }

  private Outcome insert(long size, String keyId, String line, long nowMillis) {
    return store.run(connection -> {
      if (lines(size).size() >= MAX_PER_CHECKPOINT) {
        return Outcome.ALREADY_HELD;
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO fxg_log_cosignatures (size, witness_key_id, line, at) VALUES (?, ?, ?, ?)")) {
        insert.setLong(1, size);
        insert.setString(2, keyId);
        insert.setString(3, line);
        insert.setLong(4, nowMillis);
        insert.executeUpdate();
        return Outcome.STORED;
      } catch (SQLException e) {
        if (DUPLICATE_KEY.equals(e.getSQLState())) {
          return Outcome.ALREADY_HELD;
        }
        throw e;
      }
    });
  }

  /** The cosignature lines (no newline) held for the checkpoint of {@code size}, oldest first. */
  public List<String> lines(long size) {
    return store.run(connection -> {
      List<String> lines = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT line FROM fxg_log_cosignatures WHERE size = ? ORDER BY at, witness_key_id")) {
        query.setLong(1, size);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            lines.add(rows.getString(1));
          }
        }
      }
      return lines;
    });
  }

  /** The signed note with every cosignature held for it appended: the log's own signature first. */
  public String withCosignatures(LogStore.StoredCheckpoint checkpoint) {
    StringBuilder note = new StringBuilder(checkpoint.note());
    lines(checkpoint.size()).forEach(line -> note.append(line).append('\n'));
    return note.toString();
  }

  /**
   * The newest checkpoint of at least {@code minSize} that holds at least {@code quorum}
   * cosignatures, with them appended; empty when there is none yet.
   */
  public Optional<LogStore.StoredCheckpoint> newestWithQuorum(long minSize, int quorum) {
    Optional<Long> size = store.run(connection -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT size FROM fxg_log_cosignatures WHERE size >= ? GROUP BY size HAVING COUNT(*) >= ?"
              + " ORDER BY size DESC LIMIT 1")) {
        query.setLong(1, minSize);
        query.setLong(2, quorum);
        try (ResultSet rows = query.executeQuery()) {
          return rows.next() ? Optional.of(rows.getLong(1)) : Optional.<Long>empty();
        }
      }
    });
    return size.flatMap(this::checkpointAt)
        .map(checkpoint -> new LogStore.StoredCheckpoint(checkpoint.size(), withCosignatures(checkpoint)));
  }

  /** The checkpoint this log published at {@code size}, its own signature only. */
  public Optional<LogStore.StoredCheckpoint> checkpointAt(long size) {
    return store.checkpointBelow(size + 1).filter(checkpoint -> checkpoint.size() == size);
  }

  private List<LogStore.StoredCheckpoint> recentCheckpoints() {
    List<LogStore.StoredCheckpoint> recent = new ArrayList<>();
    long below = Long.MAX_VALUE;
    while (recent.size() < RECENT_CHECKPOINTS) {
      Optional<LogStore.StoredCheckpoint> next = store.checkpointBelow(below);
      if (next.isEmpty()) {
        break;
      }
      recent.add(next.get());
      below = next.get().size();
    }
    return recent;
  }
}
