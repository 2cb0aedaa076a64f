package io.fxg.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness check that the journal database accepts writes, through the journal's own connection
 * pool. Its own thread borrows a connection from that pool every {@code interval} and commits this
 * node's row of {@code fxg_journal_probe}; the check passes only while the last write succeeded less
 * than {@code timeout} ago. A failed write fails the check at once, and a write that hangs (a
 * database that stopped answering, or a pool that has no connection to give) fails it once {@code
 * timeout} has passed: the node is not ready within {@code timeout + interval} of its journal
 * failing, and a readiness or submit check never waits on the database. Recovery is the same write
 * succeeding again (no restart). The pool, not a connection of the probe's own: after an outage the
 * database answers a new connection at once, while the pool refills only after its back-off, and
 * the journal, the shards' stores and the shard coordinator fail until it has (ready 0.06 s after
 * PostgreSQL returned, executions refused for 7.6 s more).
 */
final class JournalProbe implements BooleanSupplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalProbe.class);
  private static final int NODE_MAX = 255;

  /** Where the probe gets a connection: the journal's pool (it is returned after each write). */
  @FunctionalInterface
  interface Connections {
    Connection get() throws SQLException;
  }

  private final Connections connections;
  private final String node;
  private final long timeoutNanos;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread t = new Thread(task, "fxg-journal-probe");
    t.setDaemon(true);
    return t;
  });
  private volatile long lastSuccessNanos;
  private volatile boolean lastOk;
  /** Used by the probe thread only. */
  private boolean tableMade;

  JournalProbe(Connections connections, String node, Duration timeout) {
    this.connections = connections;
    this.node = node.length() > NODE_MAX ? node.substring(0, NODE_MAX) : node;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Starts writing every {@code interval}; the check fails until the first write succeeds. */
  JournalProbe start(Duration interval) {
    thread.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public boolean getAsBoolean() {
    return lastOk && System.nanoTime() - lastSuccessNanos < timeoutNanos;
  }

  private void check() {
    try (Connection c = connections.get()) {
      boundReads(c);
      if (!tableMade) {
        try (Statement statement = c.createStatement()) {
          statement.execute("CREATE TABLE IF NOT EXISTS fxg_journal_probe"
              + " (node VARCHAR(" + NODE_MAX + ") PRIMARY KEY, checked_at BIGINT NOT NULL)");
        }
        tableMade = true;
      }
      write(c);
      if (!c.getAutoCommit()) {
        c.commit();
      }
      lastSuccessNanos = System.nanoTime();
      if (!lastOk) {
        LOG.info("journal accepts writes");
      }
      lastOk = true;
    } catch (SQLException | RuntimeException e) {
      if (lastOk) {
        LOG.warn("journal write failed; the node is not ready until one succeeds: {}", e.getMessage());
      }
      lastOk = false;
    }
  }

  /**
   * Bounds every read on this connection (PostgreSQL's driver waits forever by default), so the
   * probe thread comes back to probe again; the pool resets the bound when the connection returns.
   */
  private void boundReads(Connection c) throws SQLException {
    try {
      c.setNetworkTimeout(Runnable::run, (int) TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1000);
    } catch (java.sql.SQLFeatureNotSupportedException e) {
      // embedded H2 has no network to wait on
    }
  }

  private void write(Connection c) throws SQLException {
    long now = System.currentTimeMillis();
    try (PreparedStatement update = c.prepareStatement("UPDATE fxg_journal_probe SET checked_at = ? WHERE node = ?")) {
      update.setLong(1, now);
      update.setString(2, node);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO fxg_journal_probe (node, checked_at) VALUES (?, ?)")) {
      insert.setString(1, node);
      insert.setLong(2, now);
      insert.executeUpdate();
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
