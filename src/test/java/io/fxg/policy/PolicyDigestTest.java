package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jcs;
import io.fxg.serialization.Json;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundle digest is SHA-256 of the JCS form, whatever the submitted key order or spacing. */
class PolicyDigestTest {

  @Test
  void digest_equalsSha256OfJcsOfTheSubmittedText() throws Exception {
    byte[] canonical = Jcs.canonicalizeText(TestBundles.BASE);
    String expected = "sha256:"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    assertEquals(expected, PolicyBundle.parse(TestBundles.BASE).digest());
    assertEquals(expected, TestBundles.compile(TestBundles.BASE).digest());
  }

  @Test
  void digest_reorderedKeysAndWhitespace_isUnchanged() throws Exception {
    ObjectNode reordered = reverseKeys(TestBundles.base());
    String text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(reordered);
    assertNotEquals(Json.write(TestBundles.base()), Json.write(reordered));
    assertEquals(PolicyBundle.parse(TestBundles.BASE).digest(), PolicyBundle.parse(text).digest());
  }

  @Test
  void digest_anyChange_changesIt() throws Exception {
    String original = PolicyBundle.parse(TestBundles.BASE).digest();
    for (String changed : List.of(
        TestBundles.BASE.replace("\"version\": 3", "\"version\": 4"),
        TestBundles.BASE.replace("< 1000", "< 1001"),
        TestBundles.BASE.replace("\"freshAttestation\": false}},", "\"freshAttestation\": true}},"))) {
      assertNotEquals(original, PolicyBundle.parse(changed).digest());
    }
  }

  @Test
  void toJson_isTheGetPolicyDocument() throws Exception {
    CompiledPolicy policy = TestBundles.compile(TestBundles.BASE);
    ObjectNode json = policy.toJson();
    assertEquals(List.of("version", "digest", "rules"), List.copyOf(iterable(json.fieldNames())));
    assertEquals(3, json.get("version").asLong());
    assertEquals(policy.digest(), json.get("digest").asText());
    assertEquals(Json.write(TestBundles.base().get("rules")), Json.write(json.get("rules")));
    json.put("version", 99);
    assertEquals(3, policy.toJson().get("version").asLong());
  }

  private static ObjectNode reverseKeys(ObjectNode node) {
    List<String> names = List.copyOf(iterable(node.fieldNames()));
    ObjectNode reversed = Json.object();
    for (int i = names.size() - 1; i >= 0; i--) {
      reversed.set(names.get(i), reverse(node.get(names.get(i))));
    }
    return reversed;
  }

  private static JsonNode reverse(JsonNode node) {
    if (node.isObject()) {
      return reverseKeys((ObjectNode) node);
    }
    if (node.isArray()) {
      var array = Json.mapper().createArrayNode();
      node.forEach(item -> array.add(reverse(item)));
      return array;
    }
    return node;
  }

  private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
    List<T> list = new java.util.ArrayList<>();
    iterator.forEachRemaining(list::add);
    return list;
  }
}
