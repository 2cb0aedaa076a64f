package io.fxg.proof;

import io.fxg.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The publishing half of {@link TransparencyLog}: the latest signed checkpoint, restored from the
 * store and checked against the stored leaves on start; each new one verified consistent with the
 * previous one (RFC 9162) before it is signed and stored; the alarm that stops publication for
 * good; and the terminal records told to their executions once a checkpoint covers their whole
 * chain ({@link ChainCoverage}). Confined to the log actor, whose tree and store it shares.
 */
final class CheckpointPublisher {
  /** Most terminals waiting for an earlier record of their chain. */
  static final int MAX_INCOMPLETE = 10_000;

  private final String origin;
  private final TiledMerkleTree tree;
  private final LogStore store;
  private final NoteSigner signer;
  private final TransparencyLog.Coverage coverage;
  private final Clock clock;
  private final Logger log;
  /** Terminal records appended and not yet under a checkpoint, in index order. */
  private final ArrayDeque<LogStore.Terminal> uncovered = new ArrayDeque<>();
  /** Covered terminals whose chains miss an earlier record: re-checked at each checkpoint. */
  private final ArrayDeque<LogStore.Terminal> incomplete = new ArrayDeque<>();
  private long size;
  private byte[] root = MerkleHash.emptyRoot();
  private String note;
  private long atMillis;
  private String alarm;

  CheckpointPublisher(String origin, TiledMerkleTree tree, LogStore store, NoteSigner signer,
      TransparencyLog.Coverage coverage, Clock clock, Logger log) {
    this.origin = origin;
    this.tree = tree;
    this.store = store;
    this.signer = signer;
    this.coverage = coverage;
    this.clock = clock;
    this.log = log;
  }

  /** The published tree size, 0 before the first checkpoint. */
  long size() {
    return size;
  }

  /** The latest signed checkpoint, null before the first. */
  String note() {
    return note;
  }

  long atMillis() {
    return atMillis;
  }

  /** Why publication stopped, or null while the log is consistent. */
  String alarm() {
    return alarm;
  }

  /** Whether a checkpoint should follow: none yet, or the tree grew, and no alarm. */
  boolean due() {
    return alarm == null && (note == null || tree.size() > size);
  }

  /** Remembers the terminal records among freshly appended leaves, to tell once covered. */
  void appended(List<LogLeaf> indexed) {
    for (LogLeaf leaf : indexed) {
      if (leaf.terminalExecution() != null) {
        uncovered.addLast(new LogStore.Terminal(leaf.terminalExecution(), leaf.index()));
      }
    }
  }

  /** Restores the published checkpoint from the store and checks the leaves still hash to it. */
  void recover() {
    var latest = store.latestCheckpoint();
    if (latest.isEmpty()) {
      return;
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(latest.get().note(), signer.verifier());
    } catch (ProofVerificationException e) {
      raiseAlarm("the stored checkpoint of size " + latest.get().size()
          + " does not verify with this node's log key: " + e.getMessage());
      return;
    }
    size = checkpoint.size();
    root = checkpoint.root();
    note = latest.get().note();
    atMillis = clock.millis();
    if (size > tree.size()) {
      raiseAlarm("the stored checkpoint of size " + size + " covers more than the " + tree.size() + " stored leaves");
      return;
    }
    if (!MessageDigest.isEqual(tree.root(size), root)) {
      raiseAlarm("the stored leaves do not hash to the root of the stored checkpoint of size " + size);
      return;
    }
    // A crash between publishing and telling may have left terminals of the last checkpoint untold;
    // telling an execution twice is harmless, it records phase 8 once.
    long from = store.checkpointBelow(size).map(LogStore.StoredCheckpoint::size).orElse(0L);
    uncovered.addAll(store.terminalsFrom(from));
    tellCovered();
  }

  /** Signs, stores and publishes a checkpoint of the whole tree, once it is consistent with the last. */
  void publish() {
    long newSize = tree.size();
    if (alarm != null || (note != null && newSize == size)) {
      return;
    }
    byte[] newRoot = tree.root(newSize);
    try {
      MerkleTree.verifyConsistency(size, newSize, root, newRoot, tree.consistencyProof(size, newSize));
    } catch (ProofVerificationException e) {
      raiseAlarm("the tree of size " + newSize + " is not consistent with the published checkpoint of size "
          + size + ": " + e.getMessage());
      return;
    }
    String newNote = Checkpoint.of(origin, newSize, newRoot).sign(signer);
    long now = clock.millis();
    store.saveCheckpoint(newSize, newNote, now);
    size = newSize;
    root = newRoot;
    note = newNote;
    atMillis = now;
    tellCovered();
  }

  /**
   * Tells each terminal below the published size whose whole chain is in the log (seq 1 to the
   * terminal, {@link ChainCoverage}); a terminal with an earlier record still missing (committed
   * late, not yet reconciled) waits in {@code incomplete} and is checked again at each checkpoint.
   */
  private void tellCovered() {
    List<LogStore.Terminal> due = new ArrayList<>(incomplete);
    incomplete.clear();
    while (!uncovered.isEmpty() && uncovered.peekFirst().index() < size) {
      due.add(uncovered.pollFirst());
    }
    if (due.isEmpty()) {
      return;
    }
    Set<Long> complete = ChainCoverage.complete(store, due, size);
    String digest = Digests.digestString(note.getBytes(StandardCharsets.UTF_8));
    for (LogStore.Terminal terminal : due) {
      if (complete.contains(terminal.index())) {
        coverage.covered(terminal.executionId(), terminal.index(), size, digest);
      } else {
        incomplete.addLast(terminal);
      }
    }
    while (incomplete.size() > MAX_INCOMPLETE) {
      LogStore.Terminal dropped = incomplete.pollFirst();
      log.warn("transparency log: execution {} (terminal leaf {}) still misses an earlier record;"
          + " no longer re-checked here, its own proof lookups continue", dropped.executionId(), dropped.index());
    }
  }

  private void raiseAlarm(String why) {
    if (alarm == null) {
      alarm = why;
      log.error("transparency log ALARM, checkpoint publication stopped: {}", why);
    }
  }
}
