package io.fxg.proof;

import static io.fxg.proof.ProofBundleVerifierTest.assertFirstFailure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.ProofBundleVerifier.Result;
import io.fxg.serialization.Json;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** One changed byte anywhere in a bundle names exactly the check that catches it first. */
class ProofBundleTamperTest {
  private final TestBundles fixture = new TestBundles();
  private final ObjectNode bundle = fixture.completed("exec-1").toJson();

  @Test
  void tamper_recordData_failsRecordsHash() throws Exception {
    ObjectNode data = record(2).withObjectProperty("data");
    data.put("action", changeChar(data.get("action").asText(), 3));
    assertFirstFailure("records.hash", verify());
  }

  @Test
  void tamper_prevLink_failsRecordsHash() throws Exception {
    ObjectNode record = record(3);
    record.put("prev", changeChar(record.get("prev").asText(), 10));
    assertFirstFailure("records.hash", verify());
  }

  @Test
  void tamper_prevLinkAndRehash_failsRecordsChain() throws Exception {
    ObjectNode record = record(3);
    record.put("prev", changeChar(record.get("prev").asText(), 10));
    LineageRecord forged = ProofBundle.parse(Json.write(bundle)).records().get(3);
    record.put("hash", forged.computeHash());
    assertFirstFailure("records.chain", verify());
  }

  @Test
  void tamper_inclusionPathElement_failsThatInclusion() throws Exception {
    ArrayNode path = ((ObjectNode) bundle.withArray("inclusion").get(4)).withArray("path");
    byte[] hash = Base64.getDecoder().decode(path.get(1).asText());
    hash[17] ^= 0x01;
    path.set(1, Base64.getEncoder().encodeToString(hash));
    assertFirstFailure("inclusion[4]", verify());
  }

  @Test
  void tamper_inclusionIndex_failsThatInclusion() throws Exception {
    ObjectNode proof = (ObjectNode) bundle.withArray("inclusion").get(5);
    proof.put("index", proof.get("index").asLong() + 1);
    assertFirstFailure("inclusion[5]", verify());
  }

  @Test
  void tamper_checkpointRoot_failsCheckpointSignature() throws Exception {
    String note = bundle.get("checkpoint").asText();
    String root = note.split("\n")[2];
    byte[] hash = Base64.getDecoder().decode(root);
    hash[0] ^= 0x01;
    bundle.put("checkpoint", note.replace(root, Base64.getEncoder().encodeToString(hash)));
    assertFirstFailure("checkpoint.signature", verify());
  }

  @Test
  void tamper_checkpointSignature_failsCheckpointSignature() throws Exception {
    String note = bundle.get("checkpoint").asText();
    String line = note.substring(note.lastIndexOf('\u2014'));
    String b64 = line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
    byte[] signature = Base64.getDecoder().decode(b64);
    signature[20] ^= 0x01;
    bundle.put("checkpoint", note.replace(b64, Base64.getEncoder().encodeToString(signature)));
    assertFirstFailure("checkpoint.signature", verify());
  }

  @Test
  void tamper_checkpointOrigin_failsCheckpointSignature() throws Exception {
    String note = bundle.get("checkpoint").asText();
    String origin = note.split("\n")[0];
    bundle.put("checkpoint", changeChar(origin, 1) + note.substring(origin.length()));
    assertFirstFailure("checkpoint.signature", verify());
  }

  @Test
  void tamper_checkpointTreeSize_failsCheckpointSignature() throws Exception {
    // The size every inclusion proof is checked against: one digit changed.
    String note = bundle.get("checkpoint").asText();
    int sizeLine = note.indexOf('\n') + 1;
    bundle.put("checkpoint", changeChar(note, sizeLine));
    assertFirstFailure("checkpoint.signature", verify());
  }

  @Test
  void tamper_artifactPayload_failsArtifactSignature() throws Exception {
    String artifact = bundle.get("artifact").asText();
    int payload = artifact.indexOf('.') + 20;
    bundle.put("artifact", changeChar(artifact, payload));
    assertFirstFailure("artifact.signature", verify());
  }

  @Test
  void tamper_artifactSignature_failsArtifactSignature() throws Exception {
    String artifact = bundle.get("artifact").asText();
    bundle.put("artifact", changeChar(artifact, artifact.lastIndexOf('.') + 5));
    assertFirstFailure("artifact.signature", verify());
  }

  @Test
  void tamper_childRecord_failsChildRecordsHash() throws Exception {
    ObjectNode parent = fixture.parentWithChild("exec-p", "exec-c", claims -> {}).toJson();
    ObjectNode child = (ObjectNode) parent.withArray("children").get(0);
    ObjectNode childRecord = (ObjectNode) child.withArray("records").get(1);
    childRecord.put("at", changeChar(childRecord.get("at").asText(), 5));
    Result result = ProofBundleVerifier.withKeys(fixture.jwksJson(), fixture.logVerifierKey())
        .verify(Json.write(parent));
    assertFirstFailure("children[0].records.hash", result);
  }

  private ObjectNode record(int i) {
    return (ObjectNode) bundle.withArray("records").get(i);
  }

  private Result verify() throws ProofVerificationException {
    return ProofBundleVerifier.withKeys(fixture.jwksJson(), fixture.logVerifierKey())
        .verify(Json.write(bundle));
  }

  /** The text with the character at {@code at} replaced by another of the same alphabet. */
  static String changeChar(String text, int at) {
    char c = text.charAt(at);
    char replacement = Character.isDigit(c) ? (c == '0' ? '1' : '0') : (c == 'a' ? 'b' : 'a');
    return text.substring(0, at) + replacement + text.substring(at + 1);
  }
}
