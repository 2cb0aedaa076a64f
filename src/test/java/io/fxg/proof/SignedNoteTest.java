package io.fxg.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fxg.proof.ProofVerificationException.Reason;
import io.fxg.proof.SignedNote.Signature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The golang.org/x/mod/sumdb/note test vectors (note_test.go), in both directions. */
class SignedNoteTest {
  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String PETER_B64 =
      "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
  static final String ENOCH_B64 =
      "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";
  static final String PETER_SIG = "\u2014 PeterNeumann " + PETER_B64 + "\n";
  static final String ENOCH_SIG = "\u2014 EnochRoot " + ENOCH_B64 + "\n";
  static final Signature PETER = new Signature("PeterNeumann", 0xc74f20a3, PETER_B64);
  static final Signature ENOCH = new Signature("EnochRoot", 0xaf0cfe78, ENOCH_B64);

  @Test
  void sign_peterNeumannKey_givesTheReferenceSignatureExactly() throws Exception {
    NoteSigner signer = NoteSigner.parse(PETER_SKEY);
    assertEquals(TEXT + "\n" + PETER_SIG, SignedNote.sign(TEXT, List.of(signer)));
    assertEquals(PETER_VKEY, signer.verifier().verifierKey());
    assertEquals(PETER_SKEY, signer.signerKey());
  }

  @Test
  void parse_referenceVerifierKey_roundTripsNameHashAndKey() throws Exception {
    NoteVerifier peter = NoteVerifier.parse(PETER_VKEY);
    assertEquals("PeterNeumann", peter.name());
    assertEquals(0xc74f20a3, peter.keyHash());
    assertEquals(PETER_VKEY, peter.verifierKey());
    assertEquals(peter, NoteVerifier.of("PeterNeumann", peter.publicKey()));
  }

  @Test
  void open_referenceNote_verifiesKnownKeysAndIgnoresUnknownOnes() throws Exception {
    NoteVerifier peter = NoteVerifier.parse(PETER_VKEY);
    NoteVerifier enoch = NoteVerifier.parse(ENOCH_VKEY);
    String note = TEXT + "\n" + PETER_SIG + ENOCH_SIG;

    SignedNote.Opened one = SignedNote.open(note, List.of(peter));
    assertEquals(TEXT, one.text());
    assertEquals(List.of(PETER), one.verified());
    assertEquals(List.of(ENOCH), one.unverified());

    SignedNote.Opened both = SignedNote.open(note, List.of(peter, enoch));
    assertEquals(List.of(PETER, ENOCH), both.verified());
    assertEquals(List.of(), both.unverified());
  }

  @Test
  void open_withoutKnownKey_isUnknownKey() throws Exception {
    NoteVerifier other = NoteSigner.generate("PeterNeumann").verifier();
    expect(Reason.UNKNOWN_KEY, () -> SignedNote.open(TEXT + "\n" + PETER_SIG, List.of()));
    expect(Reason.UNKNOWN_KEY, () -> SignedNote.open(TEXT + "\n" + PETER_SIG, List.of(other)));
    String misnamed = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
    expect(Reason.UNKNOWN_KEY,
        () -> SignedNote.open(TEXT + "\n" + misnamed, List.of(NoteVerifier.parse(PETER_VKEY))));
  }

  @Test
  void open_changedSignature_isBadSignatureForThatKey() throws Exception {
    String forged = PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
    ProofVerificationException e = expect(Reason.BAD_SIGNATURE,
        () -> SignedNote.open(TEXT + "\n" + forged, List.of(NoteVerifier.parse(PETER_VKEY))));
    assertEquals("invalid signature for key PeterNeumann+c74f20a3", e.getMessage());
    String changedText = TEXT.replace("your problem is", "the problem is");
    expect(Reason.BAD_SIGNATURE,
        () -> SignedNote.open(changedText + "\n" + PETER_SIG, List.of(NoteVerifier.parse(PETER_VKEY))));
  }

  @Test
  void open_duplicatedSignatures_areListedOnce() throws Exception {
    String enochAbcd = ENOCH_SIG.substring(0, 60) + "ABCD" + ENOCH_SIG.substring(60);
    SignedNote.Opened opened = SignedNote.open(
        TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochAbcd,
        List.of(NoteVerifier.parse(PETER_VKEY)));
    assertEquals(List.of(PETER), opened.verified());
    assertEquals(2, opened.unverified().size());
  }

  @Test
  void parse_malformedNotes_areRefused() {
    List<String> bad = List.of(
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
        "\u0001" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + "\u2014 Bad Name " + PETER_B64 + "\n",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + "\u2014 PeterNeumann " + PETER_B64.replace("=", "") + "\n",
        TEXT + "\n" + "- PeterNeumann " + PETER_B64 + "\n",
        TEXT + "\n" + PETER_SIG.repeat(101));
    for (String note : bad) {
      expect(Reason.MALFORMED, () -> SignedNote.parse(note));
    }
    byte[] notUtf8 = ("?" + TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
    notUtf8[0] = (byte) 0xff;
    expect(Reason.MALFORMED, () -> SignedNote.parse(notUtf8));
    expect(Reason.MALFORMED, () -> SignedNote.sign("abc", List.of(NoteSigner.parse(PETER_SKEY))));
  }

  @Test
  void parseVerifierKey_everyManglingOfTheReference_isRefused() {
    byte[] key = PETER_VKEY.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i <= key.length; i++) {
      for (int j = i + 1; j <= key.length; j++) {
        if (i != 0 || j != key.length) {
          String sub = PETER_VKEY.substring(i, j);
          expect(Reason.MALFORMED, () -> NoteVerifier.parse(sub));
        }
      }
    }
    for (int i = 0; i < key.length; i++) {
      key[i]++;
      String mangled = new String(key, StandardCharsets.UTF_8);
      expect(Reason.MALFORMED, () -> NoteVerifier.parse(mangled));
      key[i]--;
    }
    expect(Reason.MALFORMED, () -> NoteVerifier.parse(
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
    expect(Reason.MALFORMED, () -> NoteVerifier.parse(
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  }

  @Test
  void parseSignerKey_everyManglingOfTheReference_isRefused() {
    byte[] key = PETER_SKEY.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i <= key.length; i++) {
      for (int j = i + 1; j <= key.length; j++) {
        if (i != 0 || j != key.length) {
          String sub = PETER_SKEY.substring(i, j);
          expect(Reason.MALFORMED, () -> NoteSigner.parse(sub));
        }
      }
    }
    for (int i = 0; i < key.length; i++) {
      key[i]++;
      String mangled = new String(key, StandardCharsets.UTF_8);
      expect(Reason.MALFORMED, () -> NoteSigner.parse(mangled));
      key[i]--;
    }
  }

  @Test
  void generate_signerAndVerifier_agreeOnNameHashAndSignatures() throws Exception {
    NoteSigner signer = NoteSigner.generate("EnochRoot");
    NoteVerifier verifier = NoteVerifier.parse(signer.verifier().verifierKey());
    assertEquals(signer.keyHash(), verifier.keyHash());
    assertEquals(signer.signerKey(), NoteSigner.parse(signer.signerKey()).signerKey());
    String note = SignedNote.sign("hi\n", List.of(signer));
    assertEquals("hi\n", SignedNote.open(note, List.of(verifier)).text());
  }

  static ProofVerificationException expect(Reason reason, Executable call) {
    ProofVerificationException e = assertThrows(ProofVerificationException.class, call);
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }
}
