package io.fxg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code fxg.jar}: one subcommand per SPEC section 2 command. */
@Command(
    name = "fxg",
    mixinStandardHelpOptions = true,
    version = "fxg 0.1.0",
    description = "Federated Execution Gateway",
    subcommands = {NodeCommand.class, DemoCommand.class, KeygenCommand.class, SubmitCommand.class,
        AdminCommand.class, TokenCommand.class, KeysCommand.class, VerifyCommand.class, AuditCommand.class,
        BenchCommand.class})
public final class Main implements Runnable {
  /**
   * With fewer than 3 cores the JDK's common pool has parallelism 1, and CompletableFuture then runs
   * every default-executor async stage on a new thread. Scala's Future-to-CompletionStage adapter
   * (every Pekko {@code ask}) turns plain {@code thenApply}/{@code thenCompose} into async stages, so
   * on a 2-core machine the node started a thread per HTTP request stage (~5,000 threads in 25 s of
   * the bench). Set before anything touches the pool; scripts also pass it on the command line.
   */
  static {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(key, "2");
    }
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    TerminalLogging.initialise();
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0 || !keepsRunning(args)) {
      System.exit(exit);
    }
  }

  private static boolean keepsRunning(String[] args) {
    return args.length > 0 && (args[0].equals("node") || args[0].equals("demo"));
  }
}
