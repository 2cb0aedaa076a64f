package io.fxg.http;

import static io.fxg.testkit.HttpCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.environment.JwksKeys;
import io.fxg.identity.FederationBundle;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Admin domain and revocation routes, the JWKS and the federation bundle (SPEC section 5). */
class AdminDomainRoutesTest {
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().build();
  static final String IMAGE = "sha256:" + "ab".repeat(32);

  static ObjectNode validDocument() {
    ObjectNode doc = Federation.withPrincipal(Federation.document("Acme"), "agent-1", Jwk.generate(null), "invoker");
    return Federation.withEnvironment(doc, "billing-prod", "http://127.0.0.1:9100", Jwk.generate(null),
        Map.of("image", IMAGE), 30);
  }

  static Arguments bad(String field, Consumer<ObjectNode> change) {
    UnaryOperator<ObjectNode> changed = doc -> {
      change.accept(doc);
      return doc;
    };
    return Arguments.of(field, changed);
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        bad("owner", d -> d.put("owner", "x")),
        bad("principals[0].extra", d -> principal(d).put("extra", 1)),
        bad("principals[0].id", d -> principal(d).put("id", "Agent 7")),
        bad("principals[0].jwk.crv", d -> jwk(principal(d)).put("crv", "X25519")),
        bad("principals[0].jwk.x", d -> jwk(principal(d)).put("x", "!!not-base64!!")),
        bad("principals[0].jwk.x", d -> jwk(principal(d)).put("x", "AAAA")),
        bad("principals[0].jwk.kty", d -> jwk(principal(d)).put("kty", "EC")),
        bad("principals[0].jwk.d", d -> principal(d).set("jwk", Jwk.generate(null).toPrivateJson())),
        bad("principals[0].jwk.kid", d -> jwk(principal(d)).put("kid", "other/agent-1")),
        // Found by BodyFuzzTest (seed -4668714503548997400): a member name with ':' was cut at it.
        bad("principals[0].jwk.a:b: c", d -> jwk(principal(d)).put("a:b: c", 1)),
        bad("principals[0].roles", d -> {
          var roles = principal(d).putArray("roles");
          for (int i = 0; i < 33; i++) {
            roles.add("r" + i);
          }
        }),
        bad("environments[0].id", d -> environment(d).put("id", "agent-1")),
        bad("environments[0].endpoint", d -> environment(d).put("endpoint", "ftp://127.0.0.1/x")),
        bad("environments[0].endpoint", d -> environment(d).put("endpoint", "http://user@127.0.0.1:9100")),
        bad("environments[0].endpoint", d -> environment(d).put("endpoint", "not a url")),
        bad("environments[0].endpoint", d -> environment(d).put("endpoint", "http://127.0.0.1:9100/?q=1")),
        bad("environments[0].referenceMeasurements.image",
            d -> ((ObjectNode) environment(d).get("referenceMeasurements")).put("image", "md5:abc")),
        bad("environments[0].referenceMeasurements", d -> environment(d).putObject("referenceMeasurements")),
        bad("environments[0].attestEverySeconds", d -> environment(d).put("attestEverySeconds", 0)),
        bad("environments[0].attestEverySeconds", d -> environment(d).put("attestEverySeconds", 3601)),
        bad("environments[0].attestEverySeconds", d -> environment(d).put("attestEverySeconds", "30")),
        bad("displayName", d -> d.put("displayName", "x".repeat(201))));
  }

  static ObjectNode principal(ObjectNode doc) {
    return (ObjectNode) doc.get("principals").get(0);
  }

  static ObjectNode environment(ObjectNode doc) {
    return (ObjectNode) doc.get("environments").get(0);
  }

  static ObjectNode jwk(ObjectNode entry) {
    return (ObjectNode) entry.get("jwk");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void putDomain_badDocument_is400NamingFieldAndStoresNothing(String field, UnaryOperator<ObjectNode> change) {
    HttpResponse<String> response = gateway.asAdmin("PUT", "/v1/admin/domains/rejected",
        Json.write(change.apply(validDocument())));
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(field, json(response).get("field").asText(), response.body());
    assertEquals(404, gateway.asAdmin("GET", "/v1/admin/domains/rejected", null).statusCode());
  }

  @Test
  void putDomain_malformedOrDuplicateJson_is400() {
    for (String body : List.of("{\"displayName\":", "[]", "{\"displayName\":\"a\",\"displayName\":\"b\"}")) {
      HttpResponse<String> response = gateway.asAdmin("PUT", "/v1/admin/domains/rejected", body);
      assertEquals(400, response.statusCode(), body);
      assertEquals("body", json(response).get("field").asText());
    }
  }

  /** Found by the HTTP fuzzer (docs/reliability.md, Fuzzing): the field was "body". */
  @Test
  void putDomainAndRevoke_memberNestedBeyondParserLimit_is400NamingTheMember() {
    String nested = "[".repeat(1001) + "]".repeat(1001);
    HttpResponse<String> domain = gateway.asAdmin("PUT", "/v1/admin/domains/rejected", "{\"displayName\":" + nested + "}");
    assertEquals(400, domain.statusCode(), domain.body());
    assertEquals("displayName[0][0][0][0][0][0][0]", json(domain).get("field").asText());
    HttpResponse<String> revocation = gateway.asAdmin("POST", "/v1/admin/revocations", "{\"kind\":" + nested + "}");
    assertEquals(400, revocation.statusCode(), revocation.body());
    assertEquals("kind[0][0][0][0][0][0][0]", json(revocation).get("field").asText());
  }

  /** Found by the HTTP fuzzer: a lone surrogate could not be journaled (CBOR) and the change timed out. */
  @Test
  void suspendAndPut_loneSurrogate_is400NamingTheMember() {
    HttpResponse<String> suspend = gateway.asAdmin("POST", "/v1/admin/domains/rejected/suspend", "{\"reason\":\"\\uDEC0\"}");
    assertEquals(400, suspend.statusCode(), suspend.body());
    assertEquals("reason", json(suspend).get("field").asText());
    HttpResponse<String> put = gateway.asAdmin("PUT", "/v1/admin/domains/rejected", "{\"displayName\":\"a\\uD800\"}");
    assertEquals(400, put.statusCode(), put.body());
    assertEquals("displayName", json(put).get("field").asText());
  }

  @Test
  void putDomain_badOrReservedName_is400() {
    for (String name : List.of("admin", "Bad_Name", "-x")) {
      HttpResponse<String> response = gateway.asAdmin("PUT", "/v1/admin/domains/" + name, Json.write(validDocument()));
      assertEquals(400, response.statusCode(), name + ": " + response.body());
      assertEquals("domain", json(response).get("field").asText());
    }
  }

  @Test
  void putDomain_unsignedOrByUnknownAdmin_isRefused() {
    assertEquals(401, gateway.http().send("PUT", "/v1/admin/domains/acme", Json.write(validDocument())).statusCode());
    Signer stranger = Jwk.generate("admin/root").signer().orElseThrow();
    HttpResponse<String> forged = gateway.calls().signed(stranger, "PUT", "/v1/admin/domains/acme", Json.write(validDocument()));
    assertEquals(401, forged.statusCode());
    assertEquals("urn:fxg:problem:signature.bad-signature", json(forged).get("type").asText());
  }

  @Test
  void putDomain_thenUpdateSuspendResume_chainsEveryChange() throws Exception {
    ObjectNode doc = validDocument();
    HttpResponse<String> created = gateway.asAdmin("PUT", "/v1/admin/domains/chained", Json.write(doc));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("chained/agent-1", json(created).at("/principals/0/jwk/kid").asText());
    assertEquals(200, gateway.asAdmin("PUT", "/v1/admin/domains/chained", Json.write(doc)).statusCode());
    doc.put("displayName", "Acme Renamed");
    assertEquals("Acme Renamed", json(gateway.asAdmin("PUT", "/v1/admin/domains/chained", Json.write(doc))).get("displayName").asText());
    assertTrue(json(gateway.asAdmin("POST", "/v1/admin/domains/chained/suspend", "{\"reason\":\"incident 42\"}")).get("suspended").asBoolean());
    assertFalse(json(gateway.asAdmin("POST", "/v1/admin/domains/chained/resume", null)).get("suspended").asBoolean());

    JsonNode lineage = json(gateway.asAdmin("GET", "/v1/admin/domains/chained/lineage", null));
    List<LineageRecord> records = new ArrayList<>();
    lineage.get("records").forEach(r -> records.add(Json.mapper().convertValue(r, LineageRecord.class)));
    assertEquals(List.of("domain.registered", "domain.updated", "domain.suspended", "domain.resumed"),
        records.stream().map(LineageRecord::type).toList());
    assertTrue(LineageChain.verify("domain:chained", records).isEmpty());
    assertEquals("admin/root", records.get(2).data().get("by").asText());
    assertEquals(records.get(3).hash(), json(gateway.asAdmin("GET", "/v1/admin/domains/chained", null)).get("lineageHead").asText());
  }

  @Test
  void suspend_unknownDomain_is404() {
    assertEquals(404, gateway.asAdmin("POST", "/v1/admin/domains/nowhere/suspend", null).statusCode());
  }

  @Test
  void revoke_badInput_is400AndDuplicateIsIdempotent() {
    assertEquals("kind", json(gateway.asAdmin("POST", "/v1/admin/revocations",
        "{\"kind\":\"domain\",\"id\":\"a/b\",\"reason\":\"x\"}")).get("field").asText());
    assertEquals("id", json(gateway.asAdmin("POST", "/v1/admin/revocations",
        "{\"kind\":\"key\",\"id\":\"admin/root\",\"reason\":\"x\"}")).get("field").asText());
    assertEquals("reason", json(gateway.asAdmin("POST", "/v1/admin/revocations",
        "{\"kind\":\"artifact\",\"id\":\"01abc\"}")).get("field").asText());
    assertEquals("extra", json(gateway.asAdmin("POST", "/v1/admin/revocations",
        "{\"kind\":\"artifact\",\"id\":\"01abc\",\"reason\":\"x\",\"extra\":1}")).get("field").asText());
    String body = "{\"kind\":\"artifact\",\"id\":\"01dup\",\"reason\":\"leaked\"}";
    assertEquals(201, gateway.asAdmin("POST", "/v1/admin/revocations", body).statusCode());
    HttpResponse<String> again = gateway.asAdmin("POST", "/v1/admin/revocations", body);
    assertEquals(200, again.statusCode());
    assertTrue(json(again).get("alreadyRevoked").asBoolean());
  }

  @Test
  void bundle_isSignedByGatewayAndSequenceGrowsWithEveryChange() throws Exception {
    JsonNode jwks = Json.parse(gateway.http().get("/.well-known/jwks.json").body());
    JwksKeys keys = JwksKeys.parse(jwks);
    JsonNode before = json(gateway.http().get("/v1/federation/bundle"));
    Jws.Verified first = Jws.verify(before.get("jws").asText(), FederationBundle.TYP, kid -> keys.find(kid).orElse(null));
    assertEquals(before.get("seq").asLong(), first.payload().get("seq").asLong());

    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/domains/bundled", Json.write(validDocument())).statusCode());
    JsonNode after = json(gateway.http().get("/v1/federation/bundle"));
    Jws.Verified second = Jws.verify(after.get("jws").asText(), FederationBundle.TYP, kid -> keys.find(kid).orElse(null));
    assertTrue(second.payload().get("seq").asLong() > first.payload().get("seq").asLong());
    JsonNode bundled = null;
    for (JsonNode d : second.payload().get("domains")) {
      bundled = "bundled".equals(d.get("domain").asText()) ? d : bundled;
    }
    assertEquals(IMAGE, bundled.at("/environments/0/referenceMeasurements/image").asText());
    assertEquals("bundled/billing-prod", bundled.at("/environments/0/jwk/kid").asText());

    assertEquals(200, gateway.asAdmin("POST", "/v1/admin/domains/bundled/suspend", null).statusCode());
    assertTrue(json(gateway.http().get("/v1/federation/bundle")).get("seq").asLong() > second.payload().get("seq").asLong());
  }

  @Test
  void signatureInput_oversize_isA4xxProblem() {
    Map<String, String> headers = gateway.calls().sign(gateway.admin(), java.time.Clock.systemUTC(), "GET", "/v1/admin/domains", null);
    java.util.LinkedHashMap<String, String> big = new java.util.LinkedHashMap<>(headers);
    big.put("Signature-Input", headers.get("Signature-Input") + ", sig2=(\"@method\");nonce=\"" + "n".repeat(9000) + "\"");
    HttpResponse<String> response = gateway.calls().send("GET", "/v1/admin/domains", null, big);
    assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " " + response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("problem+json"), response.body());
  }
}
