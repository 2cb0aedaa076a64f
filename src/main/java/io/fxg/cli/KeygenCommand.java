package io.fxg.cli;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.TlsKeystores;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fxg keygen --out DIR [--name NAME]}: an Ed25519 key pair as private and public JWK files;
 * {@code fxg keygen --tls DIR --node NAME --san HOST,...}: PKCS#12 stores for Artery TLS between
 * cluster nodes (a cluster CA made on first use, then one key store per node and a trust store).
 */
@Command(name = "keygen", description = {
    "Generate an Ed25519 key pair as NAME.private.jwk (0600) and NAME.public.jwk (--out),",
    "or Artery TLS stores: ca.p12, NODE-keystore.p12 and truststore.p12 (--tls)."})
public final class KeygenCommand implements Callable<Integer> {
  static final String PASSWORD_ENV = "FXG_TLS_KEYSTORE_PASSWORD";

  @Option(names = "--out", description = "directory to write the JWK key files into")
  Path out;

  @Option(names = "--name", description = "key name; also the kid (e.g. partner-a/agent-7). Default: the RFC 7638 thumbprint")
  String name;

  @Option(names = "--tls", description = "directory for the cluster CA and node TLS stores; the CA in it is reused when present")
  Path tls;

  @Option(names = "--node", defaultValue = "node", description = "node name: the certificate's CN and the key store's file name (default: ${DEFAULT-VALUE})")
  String node;

  @Option(names = "--san", split = ",", defaultValue = "localhost,127.0.0.1",
      description = "DNS names and IP addresses of the node (default: ${DEFAULT-VALUE})")
  List<String> names;

  @Option(names = "--days", defaultValue = "825", description = "validity of new certificates in days (default: ${DEFAULT-VALUE})")
  int days;

  @Override
  public Integer call() throws Exception {
    if ((out == null) == (tls == null)) {
      System.err.println("fxg keygen: give exactly one of --out DIR (JWK key pair) or --tls DIR (Artery TLS stores)");
      return 2;
    }
    return tls != null ? tls() : jwk();
  }

  private int jwk() throws Exception {
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

  /**
   * The stores' password comes from {@code FXG_TLS_KEYSTORE_PASSWORD}, else from
   * {@code DIR/keystore.password} (0600), which is made with a random password when missing, so
   * later nodes issued from the same CA share it.
   */
  private int tls() throws Exception {
    if (days < 1 || days > 3650) {
      System.err.println("fxg keygen: --days must be between 1 and 3650");
      return 2;
    }
    Files.createDirectories(tls);
    Path passwordFile = tls.resolve("keystore.password");
    String password = System.getenv(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      if (!Files.exists(passwordFile)) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
      }
      password = Files.readString(passwordFile).strip();
    }
    try {
      var issued = TlsKeystores.issue(tls, node, names, password.toCharArray(), Duration.ofDays(days));
      if (issued.newCa()) {
        System.out.println("cluster CA:  " + issued.ca() + " (0600; keep it to issue more nodes, off the nodes)");
      }
      System.out.println("key store:   " + issued.keyStore() + " (0600)");
      System.out.println("trust store: " + issued.trustStore());
      System.out.println("password:    " + (System.getenv(PASSWORD_ENV) != null && !System.getenv(PASSWORD_ENV).isEmpty()
          ? "from " + PASSWORD_ENV : "in " + passwordFile + " (0600)"));
      return 0;
    } catch (io.fxg.crypto.CryptoException e) {
      System.err.println("fxg keygen: " + e.getMessage());
      return 1;
    }
  }
}
