package io.fxg.cli;

import io.fxg.crypto.Jwk;
import io.fxg.identity.GatewayKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fxg keys rotate [--dir DIR]}: makes a new current gateway signing key; the previous key
 * stays verify-only under {@code retired/} and is still published in {@code /.well-known/jwks.json},
 * so artifacts it signed keep verifying. Nodes use the new key after a restart.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Gateway key management.",
    subcommands = KeysCommand.Rotate.class)
public final class KeysCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "New current gateway signing key; the old one is kept verify-only and still published.")
  static final class Rotate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "key directory (default $FXG_KEYS_DIR, else $FXG_HOME/keys)")
    Path dir;

    @Override
    public Integer call() throws Exception {
      Path keys = dir != null ? dir : defaultDir();
      if (!Files.exists(keys.resolve("gateway.private.jwk"))) {
        spec.commandLine().getErr().println("fxg keys rotate: no gateway.private.jwk in " + keys);
        return 1;
      }
      String old = Jwk.parse(Files.readString(keys.resolve("gateway.private.jwk"))).thumbprint();
      Jwk fresh = GatewayKeys.rotate(keys);
      spec.commandLine().getOut().println("retired (verify-only, still published): " + old);
      spec.commandLine().getOut().println("current signing key:                   " + fresh.thumbprint());
      spec.commandLine().getOut().println("restart every node to sign with the new key");
      return 0;
    }

    private static Path defaultDir() {
      String configured = System.getenv("FXG_KEYS_DIR");
      if (configured != null && !configured.isBlank()) {
        return Path.of(configured);
      }
      return Path.of(System.getenv().getOrDefault("FXG_HOME", "./data")).resolve("keys");
    }
  }
}
