package io.fxg.http;

import static io.fxg.testkit.GatewayFixture.CALLER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.MerkleHash;
import io.fxg.proof.MerkleTree;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.TilePath;
import io.fxg.proof.Tiles;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code /v1/log} API against a real node: executions reach phase 8, the checkpoint verifies
 * with the published key, proofs verify, tiles rebuild the root, and bad parameters are named.
 */
class LogRoutesTest {
  static final String BODY = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"%s\",\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":%d}}";
  /** Enough executions for a full level-0 tile (256 leaves) and a partial one. */
  static final int EXECUTIONS = 45;

  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().unsigned().signingStubs().build();
  static final HttpCalls http = gateway.http();
  static final HttpClient RAW = HttpClient.newHttpClient();
  static final List<String> ids = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < EXECUTIONS; i++) {
      String action = i % 5 == 4 ? "invoice.delete" : "invoice.create";
      var response = http.post("/v1/executions", String.format(BODY, action, i), "Fxg-Test-Caller", CALLER);
      assertEquals(202, response.statusCode(), response.body());
      ids.add(json(response.body()).get("executionId").asText());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> view(id).path("phase").asInt() == 8));
  }

  static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static JsonNode view(String id) {
    return json(http.get("/v1/executions/" + id, "Fxg-Test-Caller", CALLER).body());
  }

  static HttpResponse<byte[]> getBytes(String path) {
    try {
      return RAW.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static NoteVerifier logKey() throws Exception {
    return NoteVerifier.parse(http.get("/v1/log/key").body());
  }

  static Checkpoint checkpoint() throws Exception {
    HttpResponse<String> response = http.get("/v1/log/checkpoint");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    return Checkpoint.open(response.body(), logKey());
  }

  static List<byte[]> path(JsonNode body) {
    List<byte[]> path = new ArrayList<>();
    body.get("path").forEach(hash -> path.add(Base64.getDecoder().decode(hash.asText())));
    return path;
  }

  @Test
  void checkpoint_opensWithTheKeyFromLogKey() throws Exception {
    Checkpoint checkpoint = checkpoint();
    assertEquals("fxg.local/log", checkpoint.origin());
    assertTrue(checkpoint.size() >= 7L * (EXECUTIONS - EXECUTIONS / 5), "size " + checkpoint.size());
    assertTrue(logKey().verifierKey().startsWith("fxg.local/log+"));
  }

  @Test
  void phase8_logIndexNamesTheTerminalRecord_andItsInclusionProofVerifies() throws Exception {
    Checkpoint checkpoint = checkpoint();
    for (String id : List.of(ids.get(0), ids.get(4))) {
      long index = view(id).get("logIndex").asLong();
      JsonNode records = json(http.get("/v1/executions/" + id + "/lineage", "Fxg-Test-Caller", CALLER).body()).get("records");
      JsonNode terminal = records.get(records.size() - 2);
      assertEquals("proof.persisted", records.get(records.size() - 1).get("type").asText());
      assertEquals(index, records.get(records.size() - 1).at("/data/logIndex").asLong());
      HttpResponse<byte[]> entry = getBytes("/v1/log/entries/" + index);
      assertEquals(200, entry.statusCode());
      assertEquals(terminal.get("hash").asText(), Json.parse(entry.body()).get("hash").asText());
      JsonNode proof = json(http.get("/v1/log/proof/inclusion?index=" + index + "&size=" + checkpoint.size()).body());
      MerkleTree.verifyInclusion(index, checkpoint.size(), MerkleHash.leaf(entry.body()), path(proof), checkpoint.root());
    }
  }

  @Test
  void consistencyProof_betweenTwoCheckpoints_verifies() throws Exception {
    Checkpoint before = checkpoint();
    http.post("/v1/executions", String.format(BODY, "invoice.create", 1000), "Fxg-Test-Caller", CALLER);
    await().atMost(Duration.ofSeconds(5)).until(() -> checkpoint().size() > before.size());
    Checkpoint after = checkpoint();
    JsonNode proof = json(http.get("/v1/log/proof/consistency?from=" + before.size() + "&to=" + after.size()).body());
    MerkleTree.verifyConsistency(before.size(), after.size(), before.root(), after.root(), path(proof));
  }

  @Test
  void tiles_rebuildTheCheckpointRoot_withCacheHeaders() throws Exception {
    await().atMost(Duration.ofSeconds(5)).until(() -> checkpoint().size() > TilePath.FULL_WIDTH);
    Checkpoint checkpoint = checkpoint();
    byte[] root = Tiles.rootFromTiles(checkpoint.size(), tile -> {
      HttpResponse<byte[]> response = getBytes("/v1/log/" + tile.path());
      assertEquals(200, response.statusCode(), tile.path());
      assertEquals(tile.isPartial() ? "public, max-age=5" : "public, max-age=31536000, immutable",
          response.headers().firstValue("Cache-Control").orElse(""));
      return response.body();
    });
    assertArrayEquals(checkpoint.root(), root);
    HttpResponse<byte[]> entries = getBytes("/v1/log/tile/entries/000");
    HttpResponse<byte[]> hashes = getBytes("/v1/log/tile/0/000");
    assertEquals("application/octet-stream", entries.headers().firstValue("Content-Type").orElse(""));
    List<byte[]> bundle = Tiles.parseEntryBundle(entries.body(), TilePath.FULL_WIDTH);
    for (int i = 0; i < TilePath.FULL_WIDTH; i++) {
      byte[] expected = java.util.Arrays.copyOfRange(hashes.body(), i * 32, i * 32 + 32);
      assertArrayEquals(expected, MerkleHash.leaf(bundle.get(i)), "entry " + i);
    }
  }

  @Test
  void badParameters_are400NamingTheParameter_andBeyondTheTreeIs404() throws Exception {
    long size = checkpoint().size();
    assertProblem(http.get("/v1/log/proof/inclusion?size=3"), 400, "index");
    assertProblem(http.get("/v1/log/proof/inclusion?index=x&size=3"), 400, "index");
    assertProblem(http.get("/v1/log/proof/inclusion?index=-1&size=3"), 400, "index");
    assertProblem(http.get("/v1/log/proof/inclusion?index=3&size=3"), 400, "index");
    assertProblem(http.get("/v1/log/proof/inclusion?index=0&size=" + (size + 1000)), 400, "size");
    assertProblem(http.get("/v1/log/proof/consistency?from=0&to=3"), 400, "from");
    assertProblem(http.get("/v1/log/proof/consistency?from=4&to=3"), 400, "from");
    assertProblem(http.get("/v1/log/proof/consistency?from=1&to=" + (size + 1000)), 400, "to");
    assertProblem(http.get("/v1/log/proof/consistency?from=1&to=99999999999999999999"), 400, "to");
    assertProblem(http.get("/v1/log/tile/0/1"), 400, "tile");
    assertProblem(http.get("/v1/log/tile/0/000.p/0"), 400, "tile");
    assertProblem(http.get("/v1/log/entries/abc"), 400, "index");
    assertEquals(404, http.get("/v1/log/tile/0/x001/000").statusCode());
    assertEquals(404, http.get("/v1/log/tile/entries/x001/000").statusCode());
    assertEquals(404, http.get("/v1/log/entries/" + (size + 1000)).statusCode());
  }

  static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    assertEquals(field, json(response.body()).path("field").asText(), response.body());
  }

}
