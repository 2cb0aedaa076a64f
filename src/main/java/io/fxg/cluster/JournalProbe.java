package io.fxg.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness check that the journal database accepts writes. Its own thread commits this node's row
 * of {@code fxg_journal_probe} every {@code interval}; the check passes only while the last write
 * succeeded less than {@code timeout} ago. A failed write fails the check at once, and a write that
 * hangs (a database that stopped answering) fails it once {@code timeout} has passed: the node is
 * not ready within {@code timeout + interval} of its journal failing, and a readiness or submit
 * check never waits on the database. Recovery is the same write succeeding again (no restart).
 */
final class JournalProbe implements BooleanSupplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalProbe.class);
  private static final int NODE_MAX = 255;

  private final String url;
  private final String user;
  private final String password;
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
  private Connection connection;

  JournalProbe(String url, String user, String password, String node, Duration timeout) {
    this.url = url;
    this.user = user;
    this.password = password;
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
    try {
      if (connection == null) {
        connection = open();
      }
      write(connection);
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
      closeConnection();
    }
  }

  private Connection open() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    int seconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + 1);
    if (url.startsWith("jdbc:postgresql:")) {
      // Bound every wait on a database that stopped answering (the driver's connect timeout is 10 s
      // and its reads wait forever by default): the probe thread must come back to probe again.
      properties.setProperty("connectTimeout", Integer.toString(seconds));
      properties.setProperty("socketTimeout", Integer.toString(seconds + 1));
      properties.setProperty("ApplicationName", "fxg journal probe");
    }
    Connection opened = DriverManager.getConnection(url, properties);
    try (Statement statement = opened.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS fxg_journal_probe"
          + " (node VARCHAR(" + NODE_MAX + ") PRIMARY KEY, checked_at BIGINT NOT NULL)");
    } catch (SQLException e) {
      opened.close();
      throw e;
    }
    return opened;
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

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // a broken connection; it is dropped either way
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (thread.awaitTermination(5, TimeUnit.SECONDS)) {
        closeConnection();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
