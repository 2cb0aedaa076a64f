package io.fxg.demo;

import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The demo's principal and environment keys, kept under {@code $FXG_HOME/demo-keys} across runs. */
final class DemoKeys {
  private DemoKeys() {}

  static Jwk loadOrCreate(Path dir, String kid) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve(kid.replace('/', '_') + ".private.jwk");
    if (Files.exists(file)) {
      return Jwk.parse(Files.readString(file));
    }
    Jwk key = Jwk.generate(kid);
    io.fxg.crypto.JwkFiles.writePrivate(file, key);
    return key;
  }
}
