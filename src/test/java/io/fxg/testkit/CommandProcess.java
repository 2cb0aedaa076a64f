package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An fxg command run as its own process, as a user runs it: {@code java -cp <main classes and
 * dependencies> io.fxg.cli.Main ...}, without {@code target/test-classes} (whose logback-test.xml
 * would replace the jar's logging), with no {@code FXG_*} variable inherited from the build.
 * Standard output and error are read together, line by line, as a terminal shows them.
 */
public final class CommandProcess implements AutoCloseable {
  /**
   * A line in logback's terminal pattern, SLF4J's own, or Pekko's standard-output logger (which
   * prints once the system's logging has stopped, as it terminates): output a command does not
   * write itself.
   */
  public static final Pattern FRAMEWORK_LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO)|SLF4J"
      + "|\\[main\\] INFO|INFO +[a-z]|\\[(ERROR|WARN|WARNING|INFO|DEBUG)\\] \\[\\d\\d/\\d\\d/\\d{4} ).*");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private CommandProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("<output unreadable: " + e.getMessage() + ">");
      }
    }, "fxg-command-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The classpath of {@code target/classes} and the dependencies, as the shaded jar holds them. */
  public static String classpath() {
    return classpathOf(entry -> !entry.endsWith("test-classes"));
  }

  /** This test JVM's classpath without surefire's own entries, filtered by {@code keep}. */
  private static String classpathOf(java.util.function.Predicate<String> keep) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("surefire") && keep.test(entry))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * The command line that runs the {@code main} of a test class in a process of its own, with the
   * test classes (and so the test logging) on its classpath.
   */
  public static List<String> testMain(Class<?> main) {
    return List.of(javaBinary(), "-Xmx512m", "-cp", classpathOf(entry -> true), main.getName());
  }

  /** The command line that runs {@code fxg ARGS} (the shim below runs the same). */
  public static List<String> fxg(String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-cp", classpath(), "io.fxg.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Writes {@code dir/scripts/fxg}, a stand-in for the repository's launcher that runs the classes
   * this build compiled (the real one builds {@code target/fxg.jar} with Maven first).
   */
  public static Path shim(Path dir) {
    try {
      Path scripts = Files.createDirectories(dir.resolve("scripts"));
      Path fxg = scripts.resolve("fxg");
      // The short commands start faster with C1 only; node and demo keep the full JIT.
      Files.writeString(fxg, "#!/usr/bin/env bash\nquick=-XX:TieredStopAtLevel=1\n"
          + "case \"${1:-}\" in node|demo) quick=;; esac\n"
          + "exec '" + javaBinary() + "' -Xmx512m $quick -cp '" + classpath() + "' io.fxg.cli.Main \"$@\"\n");
      Files.setPosixFilePermissions(fxg, PosixFilePermissions.fromString("rwxr-xr-x"));
      return fxg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CommandProcess start(List<String> command, Path directory, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("FXG_"));
    builder.environment().putAll(env);
    try {
      return new CommandProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command to its end (at most {@code limit}) and returns it, its output read. */
  public static CommandProcess run(List<String> command, Path directory, Map<String, String> env, Duration limit) {
    CommandProcess running = start(command, directory, env);
    running.awaitExit(limit);
    return running;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a line contains text; fails with the output so far. */
  public void awaitLine(String text, Duration limit) {
    try {
      await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> printed(text) || !process.isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no \"" + text + "\" within " + limit + "; the output so far:\n" + output(), e);
    }
    if (!printed(text)) {
      awaitExit(Duration.ofSeconds(10));
      if (!printed(text)) {
        throw new AssertionError("the process ended (exit " + process.exitValue() + ") before printing \"" + text
            + "\":\n" + output());
      }
    }
  }

  private boolean printed(String text) {
    return lines.stream().anyMatch(line -> line.contains(text));
  }

  /** Waits for the process to end and for its output to be read; returns the exit code. */
  public int awaitExit(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after " + limit + ":\n" + output());
      }
      reader.join(10_000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM, as Ctrl-C or a service manager stops a node, then waits for the end. */
  public int stop(Duration limit) {
    process.destroy();
    return awaitExit(limit);
  }

  public int exitCode() {
    return process.exitValue();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines with something on them (a blank line is not a line of anyone's). */
  public List<String> printed() {
    return lines.stream().filter(line -> !line.isBlank()).toList();
  }

  public String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
