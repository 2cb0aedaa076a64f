package io.fxg.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's key material, read from a key directory ({@code fxg.keys.dir}, default
 * {@code $FXG_HOME/keys}) so every node of a cluster can share it:
 *
 * <ul>
 *   <li>{@code gateway.private.jwk}: the current artifact and request signing key (kid = RFC 7638
 *       thumbprint); {@code retired/*.public.jwk}: earlier keys, verify-only, still published;
 *   <li>{@code log.private.jwk}: the transparency log's note key;
 *   <li>{@code witness.private.jwk}: the key this gateway cosigns its peers' checkpoints with
 *       (C2SP tlog-cosignature);
 *   <li>{@code admin.jwks.json}: admin public keys, unless {@code fxg.admin.jwks-file} names
 *       another file; with neither, an admin key pair {@code admin.private.jwk} is generated.
 * </ul>
 *
 * Missing gateway, log, witness and admin keys are generated on first start, each with a log line saying
 * where.
 */
public final class GatewayKeys {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayKeys.class);
  public static final String ADMIN_KID = "admin/root";

  private final Jwk current;
  private final List<Jwk> retired;
  private final Jwk logKey;
  private final Jwk witnessKey;
  private final Map<String, Ed25519PublicKey> admins;
  /**
   * Made once: a signer derives its public key (a scalar multiplication) when built, and the
   * readiness check asks for it on every submitted execution.
   */
  private final Signer signer;

  private GatewayKeys(Jwk current, List<Jwk> retired, Jwk logKey, Jwk witnessKey,
      Map<String, Ed25519PublicKey> admins) {
    this.current = current;
    this.signer = current.signer().orElseThrow();
    this.retired = retired;
    this.logKey = logKey;
    this.witnessKey = witnessKey;
    this.admins = admins;
  }

  /** Loads (generating what is missing) from {@code dir}; {@code adminJwksFile} may be null. */
  public static GatewayKeys load(Path dir, Path adminJwksFile) throws IOException, CryptoException {
    Files.createDirectories(dir);
    Jwk current = loadOrGenerate(dir.resolve("gateway.private.jwk"), null, "gateway signing key");
    current = current.withKid(current.thumbprint());
    List<Jwk> retired = new ArrayList<>();
    Path retiredDir = dir.resolve("retired");
    if (Files.isDirectory(retiredDir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(retiredDir, "*.public.jwk")) {
        for (Path file : files) {
          Jwk key = Jwk.parse(Files.readString(file)).publicOnly();
          retired.add(key.withKid(key.thumbprint()));
        }
      }
    }
    retired.sort((a, b) -> a.kid().compareTo(b.kid()));
    Jwk log = loadOrGenerate(dir.resolve("log.private.jwk"), null, "transparency log key");
    Jwk witness = loadOrGenerate(dir.resolve("witness.private.jwk"), null, "witness key");
    Map<String, Ed25519PublicKey> admins = loadAdmins(dir, adminJwksFile);
    return new GatewayKeys(current, Collections.unmodifiableList(retired), log, witness, admins);
  }

  /**
   * Rotation: the current key is kept verify-only under {@code retired/} and a new current key is
   * generated. Nodes pick the new key up on restart.
   */
  public static Jwk rotate(Path dir) throws IOException, CryptoException {
    Path currentFile = dir.resolve("gateway.private.jwk");
    Jwk old = Jwk.parse(Files.readString(currentFile));
    Files.createDirectories(dir.resolve("retired"));
    Files.writeString(dir.resolve("retired").resolve(old.thumbprint() + ".public.jwk"),
        Json.write(old.publicOnly().withKid(old.thumbprint()).toPublicJson()) + "\n");
    Jwk fresh = Jwk.generate(null);
    writePrivate(currentFile, fresh);
    return fresh;
  }

  private static Jwk loadOrGenerate(Path file, String kid, String what) throws IOException, CryptoException {
    if (Files.exists(file)) {
      return Jwk.parse(Files.readString(file));
    }
    Jwk fresh = Jwk.generate(kid);
    writePrivate(file, fresh);
    LOG.info("generated {} at {}", what, file);
    return fresh;
  }

  private static Map<String, Ed25519PublicKey> loadAdmins(Path dir, Path configured) throws IOException, CryptoException {
    Path file = configured != null ? configured : dir.resolve("admin.jwks.json");
    if (!Files.exists(file)) {
      if (configured != null) {
        throw new IOException("fxg.admin.jwks-file " + configured + " does not exist");
      }
      Jwk admin = Jwk.generate(ADMIN_KID);
      writePrivate(dir.resolve("admin.private.jwk"), admin);
      ObjectNode jwks = Json.object();
      jwks.putArray("keys").add(admin.toPublicJson());
      Files.writeString(file, Json.write(jwks) + "\n", StandardCharsets.UTF_8);
      LOG.info("no admin keys configured: generated admin key pair {} (private: {}, public: {})",
          ADMIN_KID, dir.resolve("admin.private.jwk"), file);
    }
    JsonNode jwks = Json.parse(Files.readString(file));
    Map<String, Ed25519PublicKey> admins = new LinkedHashMap<>();
    for (JsonNode node : jwks.path("keys")) {
      Jwk key = Jwk.parse(node);
      if (key.kid() == null || !key.kid().startsWith("admin/")) {
        throw new CryptoException("admin keys need a kid of the form admin/NAME, got " + key.kid());
      }
      admins.put(key.kid(), key.publicKey());
    }
    if (admins.isEmpty()) {
      throw new CryptoException(file + " holds no admin keys");
    }
    return Collections.unmodifiableMap(admins);
  }

  static void writePrivate(Path file, Jwk jwk) throws IOException {
    io.fxg.crypto.JwkFiles.writePrivate(file, jwk);
  }

  /** The current signing key; its kid is its RFC 7638 thumbprint. */
  public Signer signer() {
    return signer;
  }

  public String currentKid() {
    return current.kid();
  }

  /** Seed of the log's note key (the proof package makes the note signer from it). */
  public byte[] logSeed() {
    return seedOf(logKey);
  }

  /** Seed of the witness key (the proof package makes the cosignature signer from it). */
  public byte[] witnessSeed() {
    return seedOf(witnessKey);
  }

  private static byte[] seedOf(Jwk key) {
    return key.toPrivateJson().get("d").asText().transform(text -> {
      try {
        return io.fxg.crypto.Encoding.fromB64url(text);
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public Map<String, Ed25519PublicKey> admins() {
    return admins;
  }

  /** Current and retired gateway keys by kid: what artifacts and outbound requests verify against. */
  public Map<String, Ed25519PublicKey> verificationKeys() {
    Map<String, Ed25519PublicKey> keys = new LinkedHashMap<>();
    keys.put(current.kid(), current.publicKey());
    retired.forEach(k -> keys.put(k.kid(), k.publicKey()));
    return keys;
  }

  /** {@code /.well-known/jwks.json}: current first, then retired-but-valid keys. */
  public ObjectNode jwks() {
    ObjectNode jwks = Json.object();
    ArrayNode keys = jwks.putArray("keys");
    keys.add(current.publicOnly().toPublicJson().put("alg", "EdDSA").put("use", "sig"));
    retired.forEach(k -> keys.add(k.toPublicJson().put("alg", "EdDSA").put("use", "sig")));
    return jwks;
  }
}
