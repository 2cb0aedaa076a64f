package io.fxg.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.proof.ProofVerificationException.Reason;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * C2SP tlog-cosignature (cosignature/v1). The vector: the RFC 8032 test 1 key as witness
 * {@code witness.example.com/w1} cosigning the spec's example checkpoint at the spec's example
 * time 1679315147; key ID, verifier key and line were computed independently (Python
 * {@code cryptography} and {@code hashlib}) from the formulas in tlog-cosignature.md.
 */
class CosignatureTest {
  static final byte[] SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  static final String NAME = "witness.example.com/w1";
  static final String VKEY = "witness.example.com/w1+7e6f4aaa+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
  static final String BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  static final long TIME = 1679315147L;
  static final String LINE = "\u2014 witness.example.com/w1 fm9KqgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tl"
      + "Cr9sJ57DLErur7K0yDXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==";
  /** The cosignature line of the example in tlog-cosignature.md (its key is not published). */
  static final String SPEC_EXAMPLE_LINE = "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI"
      + "5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";

  @Test
  void cosign_rfc8032Key_givesTheIndependentVectorExactly() throws Exception {
    CosignatureSigner signer = CosignatureSigner.of(NAME, SEED);
    assertEquals(VKEY, signer.verifier().verifierKey());
    assertEquals(LINE, signer.cosign(BODY, TIME));
    assertEquals(TIME, CosignatureVerifier.parse(VKEY).verify(BODY, LINE));
    assertEquals(TIME, CosignatureVerifier.parse(VKEY).verify(BODY, LINE + "\n"));
  }

  @Test
  void parse_specExampleLine_readsKeyIdAndTheSpecsTimestamp() throws Exception {
    CosignatureVerifier.Parsed parsed = CosignatureVerifier.Parsed.of(SPEC_EXAMPLE_LINE);
    assertEquals(NAME, parsed.name());
    assertEquals(0x8d66cf3f, parsed.keyId());
    assertEquals(TIME, java.nio.ByteBuffer.wrap(parsed.raw(), 4, 8).getLong());
  }

  @Test
  void verify_asNoteSignature_cosignedCheckpointOpensWithLogKeyAndWitness() throws Exception {
    NoteSigner log = NoteSigner.generate("example.com/log");
    Checkpoint checkpoint = Checkpoint.of("example.com/log", 3, new byte[32]);
    CosignatureSigner witness = CosignatureSigner.of(NAME, SEED);
    String note = checkpoint.sign(log) + witness.cosign(checkpoint.text(), TIME) + "\n";
    SignedNote parsed = SignedNote.parse(note);
    assertEquals(checkpoint, Checkpoint.open(note, log.verifier()));
    SignedNote.Signature cosignature = parsed.signatures().get(1);
    assertTrue(witness.verifier().matches(cosignature));
    assertEquals(TIME, witness.verifier().verify(parsed.text(), cosignature));
  }

  @Test
  void verify_oneByteChangedInTheSignature_isBadSignature() {
    byte[] raw = Base64.getDecoder().decode(LINE.substring(LINE.lastIndexOf(' ') + 1));
    raw[40] ^= 1;
    String tampered = "\u2014 " + NAME + " " + Base64.getEncoder().encodeToString(raw);
    assertReason(Reason.BAD_SIGNATURE, tampered, BODY);
  }

  @Test
  void verify_timestampChanged_isBadSignature() {
    byte[] raw = Base64.getDecoder().decode(LINE.substring(LINE.lastIndexOf(' ') + 1));
    raw[11] ^= 1;
    assertReason(Reason.BAD_SIGNATURE, "\u2014 " + NAME + " " + Base64.getEncoder().encodeToString(raw), BODY);
  }

  @Test
  void verify_oneByteChangedInTheCheckpoint_isBadSignature() {
    assertReason(Reason.BAD_SIGNATURE, LINE, BODY.replace("20852163", "20852164"));
  }

  @Test
  void verify_keyIdOrNameChanged_isUnknownKey() {
    byte[] raw = Base64.getDecoder().decode(LINE.substring(LINE.lastIndexOf(' ') + 1));
    raw[0] ^= 1;
    assertReason(Reason.UNKNOWN_KEY, "\u2014 " + NAME + " " + Base64.getEncoder().encodeToString(raw), BODY);
    assertReason(Reason.UNKNOWN_KEY, LINE.replace("w1 ", "w2 "), BODY);
  }

  @Test
  void verify_malformedLines_areMalformed() {
    assertReason(Reason.MALFORMED, LINE.substring(0, LINE.length() - 4), BODY);
    assertReason(Reason.MALFORMED, LINE.replace('\u2014', '-'), BODY);
    assertReason(Reason.MALFORMED, LINE + "\n\n", BODY);
    assertReason(Reason.MALFORMED, "\u2014 " + NAME + " " + Base64.getEncoder().encodeToString(new byte[68]), BODY);
  }

  @Test
  void parse_verifierKeyMangled_isRefused() {
    for (String bad : List.of(VKEY.replace("7e6f4aaa", "7e6f4aab"), VKEY.replace("+BN", "+AN"),
        VKEY.replace("w1+", "w2+"), "witness.example.com/w1", VKEY.substring(0, VKEY.length() - 2))) {
      ProofVerificationException e = assertThrows(ProofVerificationException.class, () -> CosignatureVerifier.parse(bad));
      assertEquals(Reason.MALFORMED, e.reason(), bad);
    }
  }

  private static void assertReason(Reason reason, String line, String body) {
    ProofVerificationException e = assertThrows(ProofVerificationException.class,
        () -> CosignatureVerifier.parse(VKEY).verify(body, line));
    assertEquals(reason, e.reason(), e.getMessage());
  }
}
