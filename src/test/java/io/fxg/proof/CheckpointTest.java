package io.fxg.proof;

import static io.fxg.proof.SignedNoteTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.proof.ProofVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** C2SP tlog-checkpoint: golang.org/x/mod/sumdb/tlog vectors and a real sum.golang.org head. */
class CheckpointTest {
  static final String GO_TREE =
      "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";
  static final String SUMDB_KEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
  static final String SUMDB_NOTE = "go.sum database tree\n6476701\n"
      + "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n"
      + "\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";

  @Test
  void text_goFormatTreeVector_isByteExact() throws Exception {
    byte[] root = MerkleHash.leaf("hello world".getBytes(StandardCharsets.UTF_8));
    Checkpoint checkpoint = Checkpoint.of("go.sum database tree", 123456789012L, root);
    assertEquals(GO_TREE, checkpoint.text());
    assertEquals(checkpoint, Checkpoint.parse(GO_TREE));
  }

  @Test
  void open_realSumGolangOrgCheckpoint_verifies() throws Exception {
    NoteVerifier sumdb = NoteVerifier.parse(SUMDB_KEY);
    Checkpoint checkpoint = Checkpoint.open(SUMDB_NOTE, "go.sum database tree", List.of(sumdb));
    assertEquals(6476701L, checkpoint.size());
    assertArrayEquals(
        Base64.getDecoder().decode("mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk="), checkpoint.root());
    expect(Reason.ORIGIN_MISMATCH, () -> Checkpoint.open(SUMDB_NOTE, sumdb));
    expect(Reason.BAD_SIGNATURE, () -> Checkpoint.open(
        SUMDB_NOTE.replace("6476701", "6476702"), "go.sum database tree", List.of(sumdb)));
  }

  @Test
  void open_signedByLogKey_returnsTheCheckpoint() throws Exception {
    NoteSigner log = NoteSigner.generate("fxg.example/log");
    Checkpoint checkpoint = Checkpoint.of("fxg.example/log", 8, MerkleVectors.root(8));
    String note = checkpoint.sign(log);
    assertTrue(note.startsWith(checkpoint.text() + "\n\u2014 fxg.example/log "), note);
    assertEquals(checkpoint, Checkpoint.open(note, log.verifier()));
    assertEquals(checkpoint, Checkpoint.parseUnverified(note));
  }

  @Test
  void open_tamperedOrForeign_namesTheFailure() throws Exception {
    NoteSigner log = NoteSigner.generate("fxg.example/log");
    String note = Checkpoint.of("fxg.example/log", 8, MerkleVectors.root(8)).sign(log);
    String rootB64 = Base64.getEncoder().encodeToString(MerkleVectors.root(8));
    String otherRoot = Base64.getEncoder().encodeToString(MerkleVectors.root(7));
    expect(Reason.BAD_SIGNATURE, () -> Checkpoint.open(note.replace(rootB64, otherRoot), log.verifier()));
    expect(Reason.BAD_SIGNATURE, () -> Checkpoint.open(note.replace("\n8\n", "\n9\n"), log.verifier()));
    expect(Reason.UNKNOWN_KEY,
        () -> Checkpoint.open(note, NoteSigner.generate("fxg.example/log").verifier()));
    NoteSigner impostor = NoteSigner.generate("other.example/log");
    String foreign = Checkpoint.of("fxg.example/log", 8, MerkleVectors.root(8)).sign(impostor);
    expect(Reason.ORIGIN_MISMATCH,
        () -> Checkpoint.open(foreign, "other.example/log", List.of(impostor.verifier())));
  }

  @Test
  void parse_extensionLines_areKeptInOrder() throws Exception {
    Checkpoint checkpoint = Checkpoint.parse(GO_TREE + "JOE\nANN\n");
    assertEquals(List.of("JOE", "ANN"), checkpoint.extensions());
    assertEquals(GO_TREE + "JOE\nANN\n", checkpoint.text());
  }

  @Test
  void parse_malformedText_isRefused() {
    List<String> bad = List.of(
        "go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
        "go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "go.sum database tree\n99999999999999999999\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "go.sum database tree\n12\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0\n",
        "go.sum database tree\n12\n",
        GO_TREE + "\nextension\n",
        GO_TREE + "JOE",
        "\n12\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n");
    for (String text : bad) {
      expect(Reason.MALFORMED, () -> Checkpoint.parse(text));
    }
  }
}
