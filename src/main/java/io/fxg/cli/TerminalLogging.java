package io.fxg.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Where log lines go. {@link #initialise()} binds SLF4J to logback on the main thread before any
 * library can log: Pekko starts its logger actor on a dispatcher thread while the main thread
 * reads H2's and Pekko's own loggers, and a logger asked for while SLF4J is still initialising is
 * a substitute whose calls SLF4J later "replays", with a warning on standard error that reads like
 * an error. The CLI keeps {@code logback.xml} (its own output only); {@link #forNode} switches
 * {@code fxg node} and {@code fxg demo} to {@code logback-node.xml}: every framework line to the
 * rolling file {@code fxg.logging.file}, the terminal only from {@code fxg.logging.terminal-level}.
 */
final class TerminalLogging {
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private TerminalLogging() {}

  /** Binds SLF4J now, on this thread, with the CLI configuration. */
  static void initialise() {
    LoggerFactory.getILoggerFactory();
  }

  /**
   * Reconfigures logging for a long-running node.
   *
   * @param verbose {@code --verbose}: the terminal shows INFO whatever the configuration says
   * @return the log file
   */
  static Path forNode(Config config, boolean verbose) {
    Path file = logFile(config);
    String level = verbose ? "INFO" : terminalLevel(config);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("fxg.logging.file", file.toString());
    context.putProperty("fxg.logging.terminal-level", level);
    context.putProperty("fxg.logging.fxg-level", level.equals("DEBUG") || level.equals("TRACE") ? level : "INFO");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(TerminalLogging.class.getClassLoader().getResource("logback-node.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("logback-node.xml is not a valid logback configuration", e);
    }
    return file;
  }

  static Path logFile(Config config) {
    String file = config.getString("fxg.logging.file");
    return (file.isBlank() ? Path.of(config.getString("fxg.home"), "logs", "fxg.log") : Path.of(file))
        .toAbsolutePath().normalize();
  }

  private static String terminalLevel(Config config) {
    String level = config.getString("fxg.logging.terminal-level").trim().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("fxg.logging.terminal-level (FXG_LOG_LEVEL) must be one of " + LEVELS
          + ", not " + level);
    }
    return level;
  }
}
