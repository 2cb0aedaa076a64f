package io.fxg.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.fxg.serialization.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes the journal database holds per execution: every table's rows and size (H2 {@code
 * DISK_SPACE_USED}, PostgreSQL {@code pg_total_relation_size}), the serialized execution events
 * alone, and the H2 file. Divided by the executions in the journal; includes indexes.
 */
final class JournalFootprint {
  private JournalFootprint() {}

  static ObjectNode measure(Config config, Path home) {
    ObjectNode out = Json.object();
    String url = config.getString("fxg.jdbc.effective-url");
    boolean postgres = url.startsWith("jdbc:postgresql:");
    try (Connection c = DriverManager.getConnection(url, config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password"));
        Statement s = c.createStatement()) {
      long executions = 0;
      long events = 0;
      long payload = 0;
      try (ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT \"persistence_id\"), COUNT(*), SUM(OCTET_LENGTH(\"event_payload\"))"
          + " FROM \"event_journal\" WHERE \"persistence_id\" LIKE 'Execution|%'")) {
        r.next();
        executions = r.getLong(1);
        events = r.getLong(2);
        payload = r.getLong(3);
      }
      out.put("executions", executions);
      if (executions == 0) {
        return out;
      }
      out.put("execution_events_per_execution", Resources.round((double) events / executions));
      out.put("execution_event_payload_bytes_per_execution", payload / executions);
      ObjectNode tables = out.putObject("tables");
      long total = 0;
      long journal = 0;
      long log = 0;
      for (String table : tables(c, postgres)) {
        ObjectNode t = tables.putObject(table);
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
          r.next();
          t.put("rows", r.getLong(1));
        }
        String sizeQuery = postgres ? "SELECT pg_total_relation_size('\"" + table + "\"')"
            : "SELECT DISK_SPACE_USED('\"" + table + "\"')";
        try (ResultSet r = s.executeQuery(sizeQuery)) {
          r.next();
          long bytes = r.getLong(1);
          total += bytes;
          String lower = table.toLowerCase(java.util.Locale.ROOT);
          if (lower.startsWith("event_")) {
            journal += bytes;
          } else if (lower.startsWith("fxg_log_")) {
            log += bytes;
          }
          t.put("bytes", bytes);
          t.put("bytes_per_execution", bytes / executions);
        }
      }
      out.put("all_tables_bytes_per_execution", total / executions);
      // The journal proper (event_journal, event_tag) and the transparency log's tables (leaves,
      // tiles, checkpoints), each with its indexes.
      out.put("journal_bytes_per_execution", journal / executions);
      out.put("log_bytes_per_execution", log / executions);
      Path h2 = home.resolve("journal").resolve("fxg.mv.db");
      if (!postgres && Files.exists(h2)) {
        out.put("h2_file_bytes", Files.size(h2));
        out.put("h2_file_bytes_per_execution", Files.size(h2) / executions);
      }
    } catch (SQLException | java.io.IOException e) {
      out.put("error", e.getMessage());
    }
    return out;
  }

  private static List<String> tables(Connection c, boolean postgres) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet r = c.getMetaData().getTables(null, postgres ? "public" : "PUBLIC", "%", new String[] {"TABLE"})) {
      while (r.next()) {
        names.add(r.getString("TABLE_NAME"));
      }
    }
    return names;
  }
}
