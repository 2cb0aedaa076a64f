package io.fxg.cli;

import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fxg keygen --out DIR [--name NAME]}: an Ed25519 key pair as private and public JWK files. */
@Command(name = "keygen", description = "Generate an Ed25519 key pair as NAME.private.jwk (0600) and NAME.public.jwk.")
public final class KeygenCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "directory to write the key files into")
  Path out;

  @Option(names = "--name", description = "key name; also the kid (e.g. partner-a/agent-7). Default: the RFC 7638 thumbprint")
  String name;

  @Override
  public Integer call() throws Exception {
    Jwk jwk = Jwk.generate(name);
    String fileStem = jwk.kid().replace('/', '_');
    Files.createDirectories(out);
    Path privateFile = out.resolve(fileStem + ".private.jwk");
    Path publicFile = out.resolve(fileStem + ".public.jwk");
    if (Files.exists(privateFile)) {
      System.err.println("fxg keygen: " + privateFile + " exists; refusing to overwrite a private key");
      return 1;
    }
    io.fxg.crypto.JwkFiles.writePrivate(privateFile, jwk);
    Files.writeString(publicFile, Json.write(jwk.toPublicJson()) + "\n", StandardCharsets.UTF_8);
    System.out.println("private key: " + privateFile + " (0600)");
    System.out.println("public key:  " + publicFile);
    System.out.println("kid:         " + jwk.kid());
    return 0;
  }
}
