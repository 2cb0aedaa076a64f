package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.proof.TestBundles;
import io.fxg.serialization.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code fxg verify} on bundle files: a good one passes, each one-byte tamper names its check. */
class VerifyCommandTest {
  final TestBundles bundles = new TestBundles();

  record Run(int exit, String out, String err) {}

  Run verify(byte[] bundle, String... options) throws Exception {
    Path file = Files.createTempFile("bundle", ".json");
    Files.write(file, bundle);
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, bundles.jwksJson());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[options.length + 1];
    args[0] = file.toString();
    for (int i = 0; i < options.length; i++) {
      args[i + 1] = options[i].replace("JWKS", jwks.toString()).replace("LOGKEY", bundles.logVerifierKey());
    }
    int exit = new picocli.CommandLine(new VerifyCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  byte[] goodBundle() {
    return Json.write(bundles.completed("01jexec").toJson()).getBytes(StandardCharsets.UTF_8);
  }

  /** The bundle with one byte changed: the first occurrence of {@code anchor}, at {@code offset} within it. */
  byte[] tampered(String anchor, int offset) {
    String json = new String(goodBundle(), StandardCharsets.UTF_8);
    int at = json.indexOf(anchor) + offset;
    char replaced = json.charAt(at) == 'A' ? 'B' : 'A';
    return (json.substring(0, at) + replaced + json.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void verify_goodBundleWithIndependentKeys_exits0WithALinePerCheck() throws Exception {
    Run run = verify(goodBundle(), "--jwks", "JWKS", "--log-key", "LOGKEY");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("PASS records.hash: 7 records recomputed"), run.out());
    assertTrue(run.out().contains("PASS checkpoint.signature"), run.out());
    assertTrue(run.out().contains("PASS inclusion[6]"), run.out());
    assertTrue(run.out().contains("PASS artifact.claims"), run.out());
    assertTrue(run.out().endsWith("OK: every check passed\n"), run.out());
  }

  @Test
  void verify_withoutKeys_passesButWarnsItTrustedTheBundle() throws Exception {
    Run run = verify(goodBundle());
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().startsWith("WARN keys.jwks"), run.out());
  }

  @Test
  void verify_oneByteTamper_exits1NamingTheFirstFailingCheck() throws Exception {
    assertFails(tampered("\"type\":\"intent.received\"", 9), "records.hash");
    assertFails(tampered("\"checkpoint\":\"fxg.test/log\\n", 20), "checkpoint.signature");
    assertFails(tampered("\"path\":[\"", 9), "inclusion[0]");
    assertFails(tampered("\"artifact\":\"", 14), "artifact.signature");
  }

  void assertFails(byte[] bundle, String check) throws Exception {
    Run run = verify(bundle, "--jwks", "JWKS", "--log-key", "LOGKEY");
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.out().contains("\nFAILED: " + check + ": "), check + " expected first:\n" + run.out());
  }

  @Test
  void verify_unreadableInputs_exit2() throws Exception {
    assertEquals(2, verify(goodBundle(), "--log-key", "not a key").exit());
    assertEquals(2, new picocli.CommandLine(new VerifyCommand()).setErr(new PrintWriter(new StringWriter()))
        .execute("/nonexistent/bundle.json"));
  }

  static final io.fxg.proof.CosignatureSigner WITNESS_A = io.fxg.proof.CosignatureSigner.of("gw-a.example/witness",
      new byte[32]);
  static final io.fxg.proof.CosignatureSigner WITNESS_B = io.fxg.proof.CosignatureSigner.of("gw-b.example/witness",
      java.util.HexFormat.of().parseHex("11".repeat(32)));

  /** The good bundle with its checkpoint cosigned by {@code witness}. */
  byte[] cosignedBundle(io.fxg.proof.CosignatureSigner witness) throws Exception {
    io.fxg.proof.ProofBundle good = bundles.completed("01jexec");
    String body = io.fxg.proof.SignedNote.parse(good.checkpoint()).text();
    String note = good.checkpoint() + witness.cosign(body, 1_765_000_000L) + "\n";
    io.fxg.proof.ProofBundle cosigned = new io.fxg.proof.ProofBundle(good.executionId(), good.artifact(),
        good.records(), note, good.inclusion(), good.keys(), good.children());
    return Json.write(cosigned.toJson()).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void verify_withTheWitnessKeyOfTheCosigner_passesNamingTheWitness() throws Exception {
    Run run = verify(cosignedBundle(WITNESS_A), "--jwks", "JWKS", "--log-key", "LOGKEY",
        "--witness-key", WITNESS_A.verifier().verifierKey());
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("PASS checkpoint.cosignature[" + WITNESS_A.verifier().keyIdText() + "]"), run.out());
  }

  @Test
  void verify_withAWitnessThatDidNotCosign_exits1NamingThatWitness() throws Exception {
    Run run = verify(cosignedBundle(WITNESS_A), "--jwks", "JWKS", "--log-key", "LOGKEY",
        "--witness-key", WITNESS_A.verifier().verifierKey(), "--witness-key", WITNESS_B.verifier().verifierKey());
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.out().contains("PASS checkpoint.cosignature[" + WITNESS_A.verifier().keyIdText() + "]"), run.out());
    assertTrue(run.out().contains("\nFAILED: checkpoint.cosignature[" + WITNESS_B.verifier().keyIdText()
        + "]: no cosignature by witness"), run.out());
  }

  @Test
  void verify_cosignatureTamperedByOneByte_exits1NamingTheWitness() throws Exception {
    String json = new String(cosignedBundle(WITNESS_A), StandardCharsets.UTF_8);
    String marker = "gw-a.example/witness ";
    int at = json.indexOf(marker) + marker.length() + 30;
    char replaced = json.charAt(at) == 'A' ? 'B' : 'A';
    byte[] tampered = (json.substring(0, at) + replaced + json.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
    Run run = verify(tampered, "--jwks", "JWKS", "--log-key", "LOGKEY",
        "--witness-key", WITNESS_A.verifier().verifierKey());
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.out().contains("\nFAILED: checkpoint.cosignature[" + WITNESS_A.verifier().keyIdText()
        + "]: cosignature: signature of witness"), run.out());
  }

  @Test
  void verify_withoutWitnessKeys_showsCosignaturesWithoutRequiringThem() throws Exception {
    Run run = verify(cosignedBundle(WITNESS_A), "--jwks", "JWKS", "--log-key", "LOGKEY");
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("SKIP checkpoint.cosignatures: 1 further signature line(s), ["
        + WITNESS_A.verifier().keyIdText() + "]"), run.out());
  }
}
