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
        AdminCommand.class, KeysCommand.class, VerifyCommand.class, AuditCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0 || !keepsRunning(args)) {
      System.exit(exit);
    }
  }

  private static boolean keepsRunning(String[] args) {
    return args.length > 0 && (args[0].equals("node") || args[0].equals("demo"));
  }
}
