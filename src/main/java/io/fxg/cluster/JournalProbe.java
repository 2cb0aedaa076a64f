package io.fxg.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * Readiness check that the journal database answers. Cached for a second so a burst of readiness
 * and submit checks costs at most one round trip.
 */
final class JournalProbe implements BooleanSupplier {
  private static final long CACHE_MILLIS = 1000;
  private final String url;
  private final String user;
  private final String password;
  private volatile long checkedAt;
  private volatile boolean lastResult;

  JournalProbe(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public boolean getAsBoolean() {
    long now = System.currentTimeMillis();
    if (now - checkedAt < CACHE_MILLIS) {
      return lastResult;
    }
    boolean ok;
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      ok = connection.isValid(2);
    } catch (SQLException e) {
      ok = false;
    }
    lastResult = ok;
    checkedAt = now;
    return ok;
  }
}
