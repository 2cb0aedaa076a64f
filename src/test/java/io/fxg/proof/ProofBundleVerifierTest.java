package io.fxg.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.proof.CheckResult.Status;
import io.fxg.proof.ProofBundleVerifier.Result;
import io.fxg.serialization.Json;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Good bundles pass every check in the documented order; keys, denials, children, format. */
class ProofBundleVerifierTest {
  private final TestBundles fixture = new TestBundles();

  @Test
  void verify_completedBundleWithSuppliedKeys_passesEveryCheckInOrder() throws Exception {
    ProofBundle bundle = fixture.completed("exec-1");
    Result result = suppliedKeys().verify(Json.write(bundle.toJson()));
    assertTrue(result.ok(), result.report());
    List<String> expected = Stream.of(
        Stream.of("records.hash", "records.chain", "checkpoint.signature"),
        IntStream.range(0, 7).mapToObj(i -> "inclusion[" + i + "]"),
        Stream.of("artifact.signature", "artifact.claims")).flatMap(s -> s).toList();
    assertEquals(expected, result.checks().stream().map(CheckResult::check).toList());
    assertTrue(result.checks().stream().allMatch(c -> c.status() == Status.PASS), result.report());
    assertTrue(result.report().startsWith("PASS records.hash: 7 records recomputed\n"), result.report());
  }

  @Test
  void verify_withBundleKeysOnly_passesButWarnsForEachKey() {
    Result result = ProofBundleVerifier.usingBundleKeys().verify(fixture.completed("exec-1"));
    assertTrue(result.ok(), result.report());
    assertEquals(List.of("keys.jwks", "keys.log"), result.checks().stream()
        .filter(c -> c.status() == Status.WARN).map(CheckResult::check).toList());
  }

  @Test
  void verify_deniedExecution_skipsArtifactChecks() throws Exception {
    Result result = suppliedKeys().verify(fixture.denied("exec-2"));
    assertTrue(result.ok(), result.report());
    assertEquals(Status.SKIP, status(result, "artifact.signature"));
    assertEquals(Status.SKIP, status(result, "artifact.claims"));
  }

  @Test
  void verify_authorizedRecordsWithoutArtifact_failsArtifactSignature() throws Exception {
    ObjectNode json = fixture.completed("exec-1").toJson();
    json.putNull("artifact");
    assertFirstFailure("artifact.signature", suppliedKeys().verify(Json.write(json)));
  }

  @Test
  void verify_foreignSuppliedKeys_failTheirChecks() throws Exception {
    String bundle = Json.write(fixture.completed("exec-1").toJson());
    TestBundles other = new TestBundles();
    Result wrongLog = ProofBundleVerifier.withKeys(fixture.jwksJson(), other.logVerifierKey())
        .verify(bundle);
    assertFirstFailure("checkpoint.signature", wrongLog);
    assertTrue(wrongLog.firstFailure().orElseThrow().detail().contains("no signature by a known key"));
    assertFirstFailure("artifact.signature",
        ProofBundleVerifier.withKeys(other.jwksJson(), fixture.logVerifierKey()).verify(bundle));
  }

  @Test
  void verify_parentWithChild_checksTheChildWithPrefixedNames() throws Exception {
    ProofBundle bundle = fixture.parentWithChild("exec-p", "exec-c", claims -> {});
    Result result = suppliedKeys().verify(Json.write(bundle.toJson()));
    assertTrue(result.ok(), result.report());
    assertEquals(Status.PASS, status(result, "children[0].artifact.claims"));
    assertEquals(Status.PASS, status(result, "children[0].inclusion[6]"));
  }

  @Test
  void verify_childNamingAnotherParent_failsChildClaims() throws Exception {
    ProofBundle bundle = fixture.parentWithChild("exec-p", "exec-c",
        claims -> claims.withObjectProperty("fxg").put("parent", "exec-x"));
    assertFirstFailure("children[0].artifact.claims", suppliedKeys().verify(bundle));
  }

  @Test
  void verify_claimsDifferingFromRecords_failArtifactClaims() throws Exception {
    List<java.util.function.Consumer<ObjectNode>> edits = List.of(
        c -> c.withObjectProperty("fxg").withObjectProperty("pol").put("d", "sha256:" + "00".repeat(32)),
        c -> c.withObjectProperty("fxg").withObjectProperty("pol").put("v", 4),
        c -> c.withObjectProperty("fxg").put("act", "invoice.delete"),
        c -> c.withObjectProperty("fxg").put("res", "invoices/2026-12"),
        c -> c.withObjectProperty("fxg").put("params", "sha256:" + "00".repeat(32)),
        c -> c.put("jti", "exec-9"));
    for (java.util.function.Consumer<ObjectNode> edit : edits) {
      TestBundles.Execution execution = fixture.authorized("exec-1", null, edit);
      Result result = suppliedKeys().verify(fixture.bundle(execution, List.of()));
      assertFirstFailure("artifact.claims", result);
    }
  }

  @Test
  void verify_malformedJson_isOneBundleFormatFailure() throws Exception {
    Result notJson = suppliedKeys().verify("{\"executionId\": ");
    assertFirstFailure("bundle.format", notJson);
    ObjectNode json = fixture.completed("exec-1").toJson();
    json.put("extra", 1);
    Result unknown = suppliedKeys().verify(Json.write(json));
    assertEquals("bundle.extra: unknown member", unknown.firstFailure().orElseThrow().detail());
    ObjectNode badSeq = fixture.completed("exec-1").toJson();
    ((ObjectNode) badSeq.withArray("records").get(0)).put("seq", "1");
    assertEquals("records[0].seq: must be a non-negative integer",
        suppliedKeys().verify(Json.write(badSeq)).firstFailure().orElseThrow().detail());
  }

  @Test
  void verify_missingInclusionProof_failsInclusion() throws Exception {
    ObjectNode json = fixture.completed("exec-1").toJson();
    json.withArray("inclusion").remove(6);
    assertFirstFailure("inclusion", suppliedKeys().verify(Json.write(json)));
  }

  @Test
  void parse_bundleJson_roundTrips() throws Exception {
    ProofBundle bundle = fixture.parentWithChild("exec-p", "exec-c", claims -> {});
    String json = Json.write(bundle.toJson());
    assertEquals(json, Json.write(ProofBundle.parse(json).toJson()));
  }

  private ProofBundleVerifier suppliedKeys() throws ProofVerificationException {
    return ProofBundleVerifier.withKeys(fixture.jwksJson(), fixture.logVerifierKey());
  }

  static Status status(Result result, String check) {
    return result.checks().stream().filter(c -> c.check().equals(check)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " in\n" + result.report())).status();
  }

  static void assertFirstFailure(String check, Result result) {
    assertFalse(result.ok(), result.report());
    assertEquals(check, result.firstFailure().map(CheckResult::check).orElse(null),
        result.checks().stream().map(CheckResult::toString).collect(Collectors.joining("\n")));
  }
}
