package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.proof.NoteVerifier;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strict peer document parser: every refusal names its field. */
class PeerDocumentsTest {
  static final Jwk GATEWAY = Jwk.generate(null);

  /** A valid log verifier key of a fresh key under {@code origin}. */
  static String logKey(String origin) {
    return NoteVerifier.of(origin, Jwk.generate(null).publicKey()).verifierKey();
  }

  /** A valid witness key ({@code tlog-cosignature}, type 0x04) of a fresh key under {@code name}. */
  static String witnessKey(String name) {
    byte[] raw = Jwk.generate(null).publicKey().raw();
    byte[] typed = new byte[33];
    typed[0] = PeerDocuments.WITNESS_KEY_TYPE;
    System.arraycopy(raw, 0, typed, 1, 32);
    return name + "+" + PeerDocuments.keyHash(name, PeerDocuments.WITNESS_KEY_TYPE, raw) + "+" + Encoding.b64(typed);
  }

  static ObjectNode valid() {
    ObjectNode doc = Json.object();
    doc.put("url", "http://127.0.0.1:8081/");
    doc.putObject("jwks").putArray("keys").add(GATEWAY.toPublicJson().put("alg", "EdDSA").put("use", "sig"));
    doc.put("logKey", logKey("beta.example/log"));
    doc.put("witnessKey", witnessKey("beta.example/witness"));
    doc.putArray("domains").add("partner-b").add("partner-c");
    return doc;
  }

  static PeerDocument parse(ObjectNode doc) throws IdentityException {
    return PeerDocuments.parse("beta", Json.writeBytes(doc));
  }

  static Arguments bad(String field, Consumer<ObjectNode> change) {
    return Arguments.of(field, change);
  }

  static ArrayNode keys(ObjectNode doc) {
    return (ArrayNode) doc.get("jwks").get("keys");
  }

  static ObjectNode key(ObjectNode doc, int i) {
    return (ObjectNode) keys(doc).get(i);
  }

  static String flipHash(String key) {
    int plus = key.indexOf('+');
    char c = key.charAt(plus + 1);
    return key.substring(0, plus + 1) + (c == '0' ? '1' : '0') + key.substring(plus + 2);
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        bad("owner", d -> d.put("owner", "x")),
        bad("url", d -> d.remove("url")),
        bad("url", d -> d.put("url", "ftp://127.0.0.1/x")),
        bad("url", d -> d.put("url", "http://user@127.0.0.1:8081")),
        bad("url", d -> d.put("url", "http://127.0.0.1:8081/?q=1")),
        bad("url", d -> d.put("url", "http://127.0.0.1:8081/#f")),
        bad("url", d -> d.put("url", "http://127.0.0.1/" + "a".repeat(2048))),
        bad("jwks", d -> d.remove("jwks")),
        bad("jwks.extra", d -> ((ObjectNode) d.get("jwks")).put("extra", 1)),
        bad("jwks.keys", d -> keys(d).removeAll()),
        bad("jwks.keys", d -> {
          for (int i = 0; i < 8; i++) {
            keys(d).add(Jwk.generate(null).toPublicJson());
          }
        }),
        bad("jwks.keys[1].x", d -> keys(d).add(Jwk.generate(null).toPublicJson().put("x", "AAAA"))),
        bad("jwks.keys[0].crv", d -> key(d, 0).put("crv", "X25519")),
        bad("jwks.keys[0].d", d -> keys(d).set(0, Jwk.generate(null).toPrivateJson())),
        bad("jwks.keys[0].d", d -> key(d, 0).put("d", "not even a key")),
        bad("jwks.keys[0].use", d -> key(d, 0).put("use", "enc")),
        bad("jwks.keys[0].kid", d -> key(d, 0).put("kid", 7)),
        bad("jwks.keys[1].kid", d -> keys(d).add(Jwk.generate(null).toPublicJson().put("kid", GATEWAY.kid()))),
        bad("logKey", d -> d.remove("logKey")),
        bad("logKey", d -> d.put("logKey", "no-plus-signs")),
        bad("logKey", d -> d.put("logKey", flipHash(d.get("logKey").asText()))),
        bad("logKey", d -> d.put("logKey", witnessKey("beta.example/log"))),
        bad("logKey", d -> d.put("logKey", "a b+0a1b2c3d+" + Encoding.b64(new byte[33]))),
        bad("witnessKey", d -> d.put("witnessKey", flipHash(d.get("witnessKey").asText()))),
        bad("witnessKey", d -> d.put("witnessKey", logKey("beta.example/witness"))),
        bad("witnessKey", d -> d.putNull("witnessKey")),
        bad("domains", d -> d.remove("domains")),
        bad("domains", d -> d.putArray("domains")),
        bad("domains", d -> {
          ArrayNode many = d.putArray("domains");
          for (int i = 0; i < 101; i++) {
            many.add("d" + i);
          }
        }),
        bad("domains[0]", d -> ((ArrayNode) d.get("domains")).set(0, Json.mapper().getNodeFactory().textNode("Bad_Name"))),
        bad("domains[1]", d -> ((ArrayNode) d.get("domains")).set(1, Json.mapper().getNodeFactory().textNode("gateway"))),
        bad("domains[2]", d -> ((ArrayNode) d.get("domains")).add("partner-b")),
        bad("domains[2]", d -> ((ArrayNode) d.get("domains")).add(3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void parse_badDocument_isRefusedNamingTheField(String field, Consumer<ObjectNode> change) {
    ObjectNode doc = valid();
    change.accept(doc);
    IdentityException refused = assertThrows(IdentityException.class, () -> parse(doc));
    assertEquals(field, refused.field(), refused.getMessage());
  }

  @Test
  void parse_validDocument_keepsEveryFieldAndStripsTheTrailingSlash() throws Exception {
    ObjectNode doc = valid();
    PeerDocument parsed = parse(doc);
    assertEquals("http://127.0.0.1:8081", parsed.url());
    assertEquals(GATEWAY.kid(), parsed.currentKey().kid());
    assertEquals(GATEWAY.publicKey(), parsed.currentKey().publicKey());
    assertEquals(doc.get("logKey").asText(), parsed.logKey());
    assertEquals(doc.get("witnessKey").asText(), parsed.witnessKey());
    assertEquals(java.util.List.of("partner-b", "partner-c"), parsed.domains());
    assertEquals(parsed, PeerDocuments.parse("beta", Json.writeBytes(parsed.toJson())), "the public form parses back");
  }

  @Test
  void parse_keyWithoutKidOrWitness_usesTheThumbprint() throws Exception {
    ObjectNode doc = valid();
    doc.remove("witnessKey");
    Jwk bare = Jwk.generate(null);
    keys(doc).set(0, bare.publicOnly().withKid(null).toPublicJson());
    PeerDocument parsed = parse(doc);
    assertEquals(bare.thumbprint(), parsed.currentKey().kid());
    assertNull(parsed.witnessKey());
  }

  @Test
  void parse_badNameOrBody_isRefused() {
    byte[] body = Json.writeBytes(valid());
    assertEquals("name", assertThrows(IdentityException.class, () -> PeerDocuments.parse("Bad_Name", body)).field());
    for (String text : new String[] {"{\"url\":", "[]", "{\"url\":\"http://a\",\"url\":\"http://b\"}"}) {
      IdentityException refused = assertThrows(IdentityException.class,
          () -> PeerDocuments.parse("beta", text.getBytes(StandardCharsets.UTF_8)));
      assertEquals("body", refused.field(), text);
    }
  }
}
