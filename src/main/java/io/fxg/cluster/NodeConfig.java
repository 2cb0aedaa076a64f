package io.fxg.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads the node's configuration: an optional file, then {@code application.conf}, then
 * {@code reference.conf} (where the {@code FXG_*} environment overrides live), and derives what
 * HOCON cannot express directly: the JDBC profile and driver from the URL, the default embedded H2
 * file under {@code fxg.home}, and the Pekko seed-node list.
 */
public final class NodeConfig {
  private NodeConfig() {}

  public static Config load(Path file) {
    Config base = ConfigFactory.load();
    if (file != null) {
      base = ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.defaultApplication())
          .withFallback(ConfigFactory.defaultReference()).resolve();
      base = ConfigFactory.defaultOverrides().withFallback(base).resolve();
    }
    return derive(base);
  }

  /** Applies the derived settings to an already-assembled config (tests build their own). */
  public static Config derive(Config config) {
    String url = config.getString("fxg.jdbc.url");
    if (url.isBlank()) {
      Path home = Path.of(config.getString("fxg.home")).toAbsolutePath().normalize();
      url = "jdbc:h2:file:" + home.resolve("journal").resolve("fxg") + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
    }
    url = writeThrough(url);
    String db = "pekko-persistence-jdbc.shared-databases.fxg";
    Config derived = config
        .withValue(db + ".db.url", ConfigValueFactory.fromAnyRef(url))
        .withValue(db + ".profile", ConfigValueFactory.fromAnyRef(profileOf(url)))
        .withValue(db + ".db.driver", ConfigValueFactory.fromAnyRef(driverOf(url)))
        .withValue(db + ".db.user", ConfigValueFactory.fromAnyRef(config.getString("fxg.jdbc.user")))
        .withValue(db + ".db.password", ConfigValueFactory.fromAnyRef(config.getString("fxg.jdbc.password")))
        .withValue("fxg.jdbc.effective-url", ConfigValueFactory.fromAnyRef(url));
    // "Prefer: wait" may hold a submit for fxg.http.max-wait plus an ask: the HTTP server must not
    // time the request out first (its default of 20 s would answer a bare 503 and keep waiting).
    long holdSeconds = config.getDuration("fxg.http.max-wait").toSeconds()
        + config.getDuration("fxg.http.ask-timeout").toSeconds() + 10;
    derived = derived
        .withValue("pekko.http.server.request-timeout", ConfigValueFactory.fromAnyRef(holdSeconds + " s"))
        .withValue("pekko.http.server.idle-timeout", ConfigValueFactory.fromAnyRef(
            Math.max(holdSeconds + 15, config.getDuration("pekko.http.server.idle-timeout").toSeconds()) + " s"));
    List<String> seeds = seedNodes(config.getString("fxg.cluster.seed-nodes"));
    if (!seeds.isEmpty()) {
      derived = derived.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
    }
    return derived;
  }

  /**
   * An H2 database on files commits to its file inside the commit ({@code WRITE_DELAY=0}) unless the
   * URL says otherwise. With H2's default (a background write up to 500 ms later) a commit that the
   * disk then refuses, or that a kill -9 overtakes, was already acknowledged: an execution could be
   * dispatched on a record that is lost. Write-through makes the journal write itself fail, so the
   * execution stops there (fail closed) and the node turns not ready (JournalOutageTest).
   */
  static String writeThrough(String url) {
    boolean onFiles = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    return onFiles && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url + ";WRITE_DELAY=0" : url;
  }

  static String profileOf(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return "slick.jdbc.PostgresProfile$";
    }
    if (url.startsWith("jdbc:h2:")) {
      return "slick.jdbc.H2Profile$";
    }
    throw new IllegalArgumentException("fxg.jdbc.url: only jdbc:h2: and jdbc:postgresql: are supported, got " + url);
  }

  static String driverOf(String url) {
    return url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver";
  }

  static List<String> seedNodes(String commaSeparated) {
    List<String> seeds = new ArrayList<>();
    for (String hostPort : Arrays.asList(commaSeparated.split(","))) {
      String trimmed = hostPort.trim();
      if (!trimmed.isEmpty()) {
        seeds.add(trimmed.startsWith("pekko://") ? trimmed : "pekko://fxg@" + trimmed);
      }
    }
    return seeds;
  }
}
