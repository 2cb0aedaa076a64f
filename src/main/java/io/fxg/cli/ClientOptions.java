package io.fxg.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --gateway} and {@code --key}, shared by the signing commands. */
final class ClientOptions {
  @Option(names = "--gateway", defaultValue = "${env:FXG_GATEWAY:-http://127.0.0.1:8080}",
      description = "gateway base URL (default ${DEFAULT-VALUE})")
  URI gateway;

  @Option(names = "--key", description = "private JWK file whose kid is the signer's keyid")
  Path key;

  /** The key file, or {@code $FXG_HOME/keys/admin.private.jwk} when none was given and {@code admin}. */
  Path keyOr(Path fallback) {
    return key != null ? key : fallback;
  }

  static Path defaultAdminKey() {
    String home = System.getenv().getOrDefault("FXG_HOME", "./data");
    return Path.of(home).resolve("keys").resolve("admin.private.jwk");
  }
}
