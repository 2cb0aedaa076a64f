package io.fxg.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal schema of an embedded H2 database, created before pekko-persistence-jdbc's own (whose
 * {@code CREATE TABLE IF NOT EXISTS} then leaves it alone): the library's H2 schema with payloads as
 * {@code VARBINARY} instead of {@code BLOB}. H2 keeps every BLOB value in separate LOB storage, so
 * each event written or read costs extra map operations and a copy; events are a few hundred bytes.
 * Same columns, keys and indexes; an existing database keeps whatever schema it has.
 */
final class H2JournalSchema {
  private H2JournalSchema() {}

  static void createIfNotExists(String url, String user, String password) {
    if (!url.startsWith("jdbc:h2:")) {
      return;
    }
    String ddl;
    try (InputStream in = H2JournalSchema.class.getResourceAsStream("h2-journal-schema.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("h2-journal-schema.sql missing from the classpath", e);
    }
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      for (String statement : ddl.split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the H2 journal schema could not be created: " + e.getMessage(), e);
    }
  }
}
