package io.fxg.crypto;

import io.fxg.serialization.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Private JWK files: created readable and writable by the owner only (0600), never world-readable. */
public final class JwkFiles {
  private JwkFiles() {}

  /** Writes {@code jwk} with its private part to {@code file}, replacing any earlier file. */
  public static void writePrivate(Path file, Jwk jwk) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, Json.write(jwk.toPrivateJson()) + "\n", StandardCharsets.UTF_8);
  }

  public static Jwk read(Path file) throws IOException, CryptoException {
    return Jwk.parse(Files.readString(file));
  }
}
