package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages and assets as HTTP resources: types, caching, confinement, and that nothing is missing. */
class ConsoleRoutesTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().build();

  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  @Test
  void pages_areHtml_withCspNoCacheAndEtag() {
    for (String[] page : List.of(new String[] {"/", "Governance Console"}, new String[] {"/demo", "Runtime Governance Demo"},
        new String[] {"/proof", "Proof Viewer"}, new String[] {"/health-dashboard", "Infrastructure Health"},
        new String[] {"/lineage/01anyid", "Lineage Explorer"})) {
      HttpResponse<String> response = node.http().get(page[0]);
      assertEquals(200, response.statusCode(), page[0]);
      assertTrue(header(response, "Content-Type").startsWith("text/html"), page[0]);
      assertTrue(response.body().contains("<h1>" + page[1] + "</h1>"), page[0]);
      assertTrue(header(response, "Content-Security-Policy").contains("default-src 'self'"), page[0]);
      assertEquals("no-cache", header(response, "Cache-Control"), page[0]);
      assertEquals("nosniff", header(response, "X-Content-Type-Options"));
      assertFalse(header(response, "ETag").isEmpty(), page[0]);
    }
  }

  @Test
  void aRevalidation_withTheEtag_answers304() {
    HttpResponse<String> first = node.http().get("/assets/common.js");
    assertEquals(200, first.statusCode());
    HttpResponse<String> again = node.http().get("/assets/common.js", "If-None-Match", header(first, "ETag"));
    assertEquals(304, again.statusCode());
  }

  @Test
  void assets_haveTheirTypes_andOnlyFlatKnownNamesAreServed() {
    assertTrue(header(node.http().get("/assets/console.js"), "Content-Type").startsWith("application/javascript"));
    assertTrue(header(node.http().get("/assets/fxg.css"), "Content-Type").startsWith("text/css"));
    assertTrue(header(node.http().get("/assets/favicon.svg"), "Content-Type").startsWith("image/svg+xml"));
    for (String path : List.of("/assets/nope.js", "/assets/Console.JS", "/assets/..%2Fconsole.html", "/assets/console.html",
        "/console.html", "/assets/")) {
      HttpResponse<String> response = node.http().get(path);
      assertEquals(404, response.statusCode(), path);
      assertTrue(header(response, "Content-Type").startsWith("application/problem+json"), path);
    }
    assertEquals(405, node.http().post("/", "{}").statusCode());
  }

  @Test
  void everyReferencedAsset_exists_andNothingComesFromAnotherOrigin() throws IOException {
    Set<String> pending = new LinkedHashSet<>(List.of("console.html", "demo.html", "proof.html", "health.html", "lineage.html"));
    Set<String> seen = new LinkedHashSet<>();
    Pattern reference = Pattern.compile("(?:src|href)=\"/assets/([^\"]+)\"|from '\\./([^']+)'");
    while (!pending.isEmpty()) {
      String file = pending.iterator().next();
      pending.remove(file);
      seen.add(file);
      String text = resource(file);
      assertFalse(text.matches("(?s).*https?://(?!www\\.w3\\.org/2000/svg).*"), file + " refers to another origin");
      Matcher m = reference.matcher(text);
      while (m.find()) {
        String asset = "assets/" + (m.group(1) != null ? m.group(1) : m.group(2));
        assertEquals(200, node.http().get("/" + asset).statusCode(), asset + " referenced by " + file);
        if (!seen.contains(asset)) {
          pending.add(asset);
        }
      }
    }
    assertTrue(seen.contains("assets/verifier.js") && seen.contains("assets/jcs.js"), seen.toString());
  }

  @Test
  void consolePeers_listsRegisteredPeers_withThumbprintsOnly_andTheirWitnessState() {
    JsonNode empty = HttpCalls.json(node.http().get("/v1/console/peers"));
    assertEquals("fxg", empty.path("self").asText());
    assertTrue(empty.path("witnessing").asBoolean(false));
    ObjectNode document = (ObjectNode) HttpCalls.json(node.http().get("/v1/peers/self"));
    document.remove("name");
    // Another log (its own origin): a gateway's own log origin is no peer's.
    document.put("logKey", io.fxg.proof.NoteVerifier.of("elsewhere.test/log",
        io.fxg.crypto.Jwk.generate(null).publicKey()).verifierKey());
    document.putArray("domains").add("elsewhere");
    HttpResponse<String> put = node.asAdmin("PUT", "/v1/admin/peers/gw-x", Json.write(document));
    assertEquals(201, put.statusCode(), put.body());

    JsonNode peer = HttpCalls.json(node.http().get("/v1/console/peers")).path("peers").get(0);
    assertEquals("gw-x", peer.path("name").asText());
    assertEquals(document.path("url").asText(), peer.path("url").asText());
    assertEquals("[\"elsewhere\"]", peer.path("domains").toString());
    assertFalse(peer.path("removed").asBoolean(true));
    assertEquals(document.path("jwks").path("keys").get(0).path("kid").asText(), peer.path("currentKid").asText());
    String logKey = document.path("logKey").asText();
    assertEquals(logKey.substring(0, logKey.indexOf('+', logKey.indexOf('+') + 1)), peer.path("logKeyId").asText());
    assertFalse(peer.has("jwks") || peer.has("logKey") || peer.has("witnessKey"), peer.toString());
    // Never cosigned: that log's key signs nothing this node could fetch.
    assertEquals(-1, peer.path("witness").path("size").asLong(0), peer.toString());
    assertFalse(peer.toString().contains(document.path("jwks").path("keys").get(0).path("x").asText()), peer.toString());
  }

  private static String resource(String file) throws IOException {
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream("web/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
