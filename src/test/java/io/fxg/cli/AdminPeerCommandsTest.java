package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.proof.NoteVerifier;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code fxg admin put-peer | get-peer | remove-peer} against a node: signed, printed, exit codes. */
class AdminPeerCommandsTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().build();
  /** Another gateway, with its own log origin: what put-peer --from registers. */
  @RegisterExtension
  static final GatewayFixture other = GatewayFixture.builder().config("fxg.log.origin = \"other.test/log\"").build();
  static Path dir;
  static String gateway;

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return Json.parse(out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("fxg-cli-peers");
    gateway = node.url("");
  }

  static Run admin(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "admin";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--gateway";
    all[args.length + 2] = gateway;
    all[args.length + 3] = "--key";
    all[args.length + 4] = node.keysDir().resolve("admin.private.jwk").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void putPeerFromFile_thenGetAndRemove_printsTheAnswers() throws Exception {
    Jwk key = Jwk.generate(null);
    var doc = Json.object().put("url", "http://127.0.0.1:8081");
    doc.putObject("jwks").putArray("keys").add(key.toPublicJson());
    doc.put("logKey", NoteVerifier.of("beta.example/log", Jwk.generate(null).publicKey()).verifierKey());
    doc.putArray("domains").add("partner-b");
    Path file = dir.resolve("beta.json");
    Files.writeString(file, Json.write(doc));

    Run put = admin("put-peer", "--name", "beta", "--file", file.toString());
    assertEquals(0, put.exit(), put.err());
    assertEquals("beta", put.json().get("name").asText());
    assertEquals(key.kid(), put.json().at("/jwks/keys/0/kid").asText());
    Run get = admin("get-peer", "--name", "beta");
    assertEquals(0, get.exit(), get.err());
    assertEquals("partner-b", get.json().at("/domains/0").asText());

    Run removed = admin("remove-peer", "--name", "beta", "--reason", "contract ended");
    assertEquals(0, removed.exit(), removed.err());
    assertTrue(removed.json().get("removed").asBoolean());
    assertEquals(1, admin("remove-peer", "--name", "nowhere").exit());
    assertEquals(2, admin("put-peer", "--name", "beta").exit(), "--file or --from is required");
  }

  @Test
  void putPeerFrom_fetchesTheSelfDocumentPrintsFingerprintsAndRegistersIt() throws Exception {
    Run put = admin("put-peer", "--name", "mirror", "--from", other.url("") + "/", "--domains", "partner-m,partner-n");
    assertEquals(0, put.exit(), put.out() + put.err());
    assertTrue(put.err().contains("gateway key thumbprint " + other.keys().signer().keyId()), put.err());
    String logKey = other.http().get("/v1/log/key").body().trim();
    assertTrue(put.err().contains("log key " + logKey), put.err());
    assertEquals(other.url(""), put.json().get("url").asText());
    assertEquals(logKey, put.json().get("logKey").asText());
    assertEquals("partner-n", put.json().at("/domains/1").asText());
    String witnessKey = other.http().get("/v1/witness/key").body().trim();
    assertTrue(put.err().contains(witnessKey), put.err());
    assertEquals(witnessKey, put.json().get("witnessKey").asText());

    Run noDomains = admin("put-peer", "--name", "bare", "--from", other.url(""));
    assertEquals(1, noDomains.exit(), "that node registers no domain, so its self document lists none");
    assertEquals("domains", noDomains.json().get("field").asText());
    Run itself = admin("put-peer", "--name", "itself", "--from", gateway, "--domains", "partner-m");
    assertEquals(1, itself.exit(), "a gateway's own log origin is no peer's");
    assertEquals("logKey", itself.json().get("field").asText());
    assertEquals(3, admin("put-peer", "--name", "gone", "--from", "http://127.0.0.1:1").exit());
  }
}
