package io.fxg.http;

import static io.fxg.testkit.HttpCalls.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.identity.PeerDocument;
import io.fxg.identity.PeerDocuments;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.Checkpoint;
import io.fxg.proof.JournalAudit;
import io.fxg.proof.NoteVerifier;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admin peer routes and {@code GET /v1/peers/self} through a real node (SPEC section 13). */
class AdminPeerRoutesTest {
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().build();

  /** A valid peer document whose current key is {@code key}, governing {@code domains}. */
  static ObjectNode document(Jwk key, String... domains) {
    ObjectNode doc = Json.object();
    doc.put("url", "http://127.0.0.1:8081");
    doc.putObject("jwks").putArray("keys").add(key.publicOnly().withKid(null).toPublicJson());
    doc.put("logKey", NoteVerifier.of("peer.example/log", Jwk.generate(null).publicKey()).verifierKey());
    ArrayNode list = doc.putArray("domains");
    for (String domain : domains) {
      list.add(domain);
    }
    return doc;
  }

  static long journaled(String persistenceId) {
    return gateway.journal().count("SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?", persistenceId);
  }

  @Test
  void putGetListRemoveReregister_chainsEveryChange() throws Exception {
    Jwk key = Jwk.generate(null);
    ObjectNode doc = document(key, "partner-b");
    HttpResponse<String> created = gateway.asAdmin("PUT", "/v1/admin/peers/beta", Json.write(doc));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("beta", json(created).get("name").asText());
    assertEquals(key.thumbprint(), json(created).at("/jwks/keys/0/kid").asText());
    assertFalse(json(created).get("removed").asBoolean());
    assertEquals(1, json(created).get("seq").asLong());
    assertEquals(200, gateway.asAdmin("PUT", "/v1/admin/peers/beta", Json.write(doc)).statusCode());
    assertEquals(1, json(gateway.asAdmin("GET", "/v1/admin/peers/beta", null)).get("seq").asLong(), "unchanged");
    doc.put("url", "http://127.0.0.1:8082/");
    HttpResponse<String> updated = gateway.asAdmin("PUT", "/v1/admin/peers/beta", Json.write(doc));
    assertEquals(200, updated.statusCode());
    assertEquals("http://127.0.0.1:8082", json(updated).get("url").asText());

    JsonNode list = json(gateway.asAdmin("GET", "/v1/admin/peers", null));
    assertTrue(list.get("peers").findValuesAsText("name").contains("beta"), list.toString());

    HttpResponse<String> removed = gateway.asAdmin("DELETE", "/v1/admin/peers/beta", "{\"reason\":\"contract ended\"}");
    assertEquals(200, removed.statusCode(), removed.body());
    assertTrue(json(removed).get("removed").asBoolean());
    HttpResponse<String> back = gateway.asAdmin("PUT", "/v1/admin/peers/beta", Json.write(doc));
    assertEquals(201, back.statusCode(), back.body());
    assertFalse(json(back).get("removed").asBoolean());

    JsonNode lineage = json(gateway.asAdmin("GET", "/v1/admin/peers/beta/lineage", null));
    assertEquals("peer:beta", lineage.get("chainId").asText());
    List<LineageRecord> records = new ArrayList<>();
    lineage.get("records").forEach(r -> records.add(Json.mapper().convertValue(r, LineageRecord.class)));
    assertEquals(List.of("peer.registered", "peer.updated", "peer.removed", "peer.registered"),
        records.stream().map(LineageRecord::type).toList());
    assertTrue(LineageChain.verify("peer:beta", records).isEmpty());
    assertEquals("contract ended", records.get(2).data().get("reason").asText());
    assertEquals(records.get(3).hash(), json(gateway.asAdmin("GET", "/v1/admin/peers/beta", null)).get("lineageHead").asText());
  }

  @Test
  void getOrRemove_unknownPeer_is404() {
    assertEquals(404, gateway.asAdmin("GET", "/v1/admin/peers/nowhere", null).statusCode());
    assertEquals(404, gateway.asAdmin("DELETE", "/v1/admin/peers/nowhere", null).statusCode());
    assertEquals(400, gateway.asAdmin("GET", "/v1/admin/peers/Bad_Name", null).statusCode());
  }

  @Test
  void putPeer_refusedDocument_is400NamingTheFieldAndJournalsNothing() {
    ObjectNode privateKey = document(Jwk.generate(null), "partner-r");
    ((ArrayNode) privateKey.get("jwks").get("keys")).set(0, Jwk.generate(null).toPrivateJson());
    ObjectNode badDomain = document(Jwk.generate(null), "partner-r", "Bad_Name");
    ObjectNode badLogKey = document(Jwk.generate(null), "partner-r").put("logKey", "origin+00000000+AAAA");
    List<Object[]> cases = List.of(new Object[] {privateKey, "jwks.keys[0].d"}, new Object[] {badDomain, "domains[1]"},
        new Object[] {badLogKey, "logKey"}, new Object[] {document(Jwk.generate(null), "partner-r").put("x", 1), "x"});
    for (Object[] c : cases) {
      HttpResponse<String> response = gateway.asAdmin("PUT", "/v1/admin/peers/rejected", Json.write(c[0]));
      assertEquals(400, response.statusCode(), response.body());
      assertEquals(c[1], json(response).get("field").asText(), response.body());
    }
    assertEquals(404, gateway.asAdmin("GET", "/v1/admin/peers/rejected", null).statusCode());
    assertEquals(0, journaled("Peer|rejected"));
  }

  @Test
  void putPeer_oversizedDocument_is413() {
    ObjectNode doc = document(Jwk.generate(null), "partner-big");
    doc.put("padding", "x".repeat(1024 * 1024 + 1));
    HttpResponse<String> response = gateway.asAdmin("PUT", "/v1/admin/peers/big", Json.write(doc));
    assertEquals(413, response.statusCode(), response.body());
    assertEquals("urn:fxg:problem:body-too-large", json(response).get("type").asText());
    assertEquals(0, journaled("Peer|big"));
  }

  @Test
  void putPeer_domainRegisteredHereOrByAnotherPeer_is409NamingIt() {
    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/domains/local-x", Json.write(Federation.document("Local"))).statusCode());
    HttpResponse<String> local = gateway.asAdmin("PUT", "/v1/admin/peers/gamma",
        Json.write(document(Jwk.generate(null), "partner-g", "local-x")));
    assertEquals(409, local.statusCode(), local.body());
    assertEquals("domains[1]", json(local).get("field").asText());
    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/peers/delta",
        Json.write(document(Jwk.generate(null), "partner-d"))).statusCode());
    HttpResponse<String> taken = gateway.asAdmin("PUT", "/v1/admin/peers/gamma",
        Json.write(document(Jwk.generate(null), "partner-d")));
    assertEquals(409, taken.statusCode(), taken.body());
    assertEquals("domains[0]", json(taken).get("field").asText());
    assertEquals(0, journaled("Peer|gamma"));
  }

  @Test
  void putPeer_unsignedOrNotAdmin_isRefused() {
    String body = Json.write(document(Jwk.generate(null), "partner-n"));
    assertEquals(401, gateway.http().send("PUT", "/v1/admin/peers/nope", body).statusCode());
    assertEquals(401, gateway.http().get("/v1/admin/peers").statusCode());
    Jwk epsilon = Jwk.generate("gateway/epsilon");
    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/peers/epsilon", Json.write(document(epsilon, "partner-e"))).statusCode());
    HttpResponse<String> asPeer = gateway.calls().signed(epsilon.signer().orElseThrow(), "PUT", "/v1/admin/peers/nope", body);
    assertEquals(403, asPeer.statusCode(), asPeer.body());
    assertEquals(0, journaled("Peer|nope"));
  }

  @Test
  void gatewaySignature_verifiesWhileRegisteredAndIsRefusedAfterRemoval() {
    Jwk zeta = Jwk.generate("gateway/zeta");
    Signer signer = zeta.signer().orElseThrow();
    HttpResponse<String> unknown = gateway.calls().signed(signer, "GET", "/v1/admin/peers", null);
    assertEquals("urn:fxg:problem:signature.unknown-key", json(unknown).get("type").asText(), unknown.body());

    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/peers/zeta", Json.write(document(zeta, "partner-z"))).statusCode());
    HttpResponse<String> verified = gateway.calls().signed(signer, "GET", "/v1/admin/peers", null);
    assertEquals(403, verified.statusCode(), "signature verified, signer is no admin: " + verified.body());

    Signer stranger = Jwk.generate("gateway/zeta").signer().orElseThrow();
    HttpResponse<String> forged = gateway.calls().signed(stranger, "GET", "/v1/admin/peers", null);
    assertEquals("urn:fxg:problem:signature.bad-signature", json(forged).get("type").asText(), forged.body());

    assertEquals(200, gateway.asAdmin("DELETE", "/v1/admin/peers/zeta", null).statusCode());
    HttpResponse<String> removed = gateway.calls().signed(signer, "GET", "/v1/admin/peers", null);
    assertEquals(401, removed.statusCode());
    assertEquals("urn:fxg:problem:signature.revoked-key", json(removed).get("type").asText(), removed.body());
    assertTrue(json(removed).get("detail").asText().contains("peer zeta was removed at"), removed.body());
  }

  @Test
  void self_isThisGatewaysDocumentAndParsesAsAPeerDocument() throws Exception {
    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/domains/local-self", Json.write(Federation.document("Self"))).statusCode());
    HttpResponse<String> response = gateway.http().get("/v1/peers/self");
    assertEquals(200, response.statusCode(), response.body());
    ObjectNode self = (ObjectNode) json(response);
    assertEquals("fxg", self.get("name").asText());
    assertEquals(gateway.url(""), self.get("url").asText());
    assertEquals(Json.parse(gateway.http().get("/.well-known/jwks.json").body()), self.get("jwks"));
    assertEquals(gateway.http().get("/v1/log/key").body().trim(), self.get("logKey").asText());
    List<String> domains = new ArrayList<>();
    self.get("domains").forEach(d -> domains.add(d.asText()));
    assertTrue(domains.contains("local-self"), domains.toString());
    assertEquals(gateway.http().get("/v1/witness/key").body().trim(), self.get("witnessKey").asText());

    self.remove("name");
    PeerDocument parsed = PeerDocuments.parse("fxg-copy", Json.writeBytes(self));
    assertEquals(gateway.keys().signer().keyId(), parsed.currentKey().kid());
  }

  @Test
  void audit_journalWithPeerChains_passes() throws Exception {
    assertEquals(201, gateway.asAdmin("PUT", "/v1/admin/peers/audited",
        Json.write(document(Jwk.generate(null), "partner-a1"))).statusCode());
    assertEquals(200, gateway.asAdmin("DELETE", "/v1/admin/peers/audited", null).statusCode());
    long lineage = gateway.journal().count("SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = 'lineage'");
    await().atMost(Duration.ofSeconds(20)).until(() ->
        Checkpoint.parseUnverified(gateway.http().get("/v1/log/checkpoint").body()).size() >= lineage);
    Serialization serialization = SerializationExtension.get(gateway.node().system());
    NoteVerifier logKey = NoteVerifier.parse(gateway.http().get("/v1/log/key").body().trim());
    JournalAudit.Summary audit = new JournalAudit(gateway.journal().url(), gateway.journal().user(),
        gateway.journal().password(), (payload, id, manifest) -> serialization.deserialize(payload, id, manifest).get(),
        logKey, line -> { }).run();
    assertTrue(audit.ok(), audit.findings().toString());
    assertTrue(audit.records() >= 2);
  }
}
