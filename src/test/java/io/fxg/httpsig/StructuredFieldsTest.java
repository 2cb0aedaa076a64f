package io.fxg.httpsig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fxg.httpsig.StructuredFields.InnerList;
import io.fxg.httpsig.StructuredFields.Item;
import io.fxg.httpsig.StructuredFields.Member;
import io.fxg.httpsig.StructuredFields.Token;
import java.math.BigDecimal;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8941 dictionaries as the signature fields use them: parse, serialize, refuse precisely. */
class StructuredFieldsTest {

  @Test
  void parseDictionary_innerListWithEveryParameterType_keepsOrderAndTypes() throws Exception {
    Map<String, Member> dictionary =
        StructuredFields.parseDictionary(
            "sig1=(\"@method\" \"@path\");created=1764230000;keyid=\"partner-a/agent-7\""
                + ";alg=ed25519;flag;off=?0;ratio=-1.25, sig2=:AQID:;x");
    InnerList sig1 = (InnerList) dictionary.get("sig1");
    assertEquals(List.of("@method", "@path"), sig1.items().stream().map(Item::value).toList());
    assertEquals(
        List.of("created", "keyid", "alg", "flag", "off", "ratio"),
        List.copyOf(sig1.params().keySet()));
    assertEquals(1764230000L, sig1.params().get("created"));
    assertEquals("partner-a/agent-7", sig1.params().get("keyid"));
    assertEquals(new Token("ed25519"), sig1.params().get("alg"));
    assertEquals(Boolean.TRUE, sig1.params().get("flag"));
    assertEquals(Boolean.FALSE, sig1.params().get("off"));
    assertEquals(new BigDecimal("-1.25"), sig1.params().get("ratio"));
    Item sig2 = (Item) dictionary.get("sig2");
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) sig2.value());
    assertEquals(Boolean.TRUE, sig2.params().get("x"));
  }

  @Test
  void serialize_parsedDictionary_roundTripsCanonically() throws Exception {
    String canonical = "a=(\"x\" \"y\\\"z\");n=1;s=\"a\\\\b\";t=tok/en:1;b;d=0.5, b=?0, c=:AQID:";
    assertEquals(
        canonical,
        StructuredFields.serializeDictionary(StructuredFields.parseDictionary(canonical)));
    assertEquals(
        "a=(1 2), b",
        StructuredFields.serializeDictionary(
            StructuredFields.parseDictionary("  a=( 1   2 ),\tb=?1  ")));
  }

  @Test
  void parseDictionary_emptyField_isEmpty() throws Exception {
    assertEquals(Map.of(), StructuredFields.parseDictionary("   "));
  }

  @Test
  void parseDictionary_malformedInput_namesProblemAndOffset() {
    assertEquals("unterminated sf-string at offset 6", error("sig1=(\"@method"));
    assertEquals("unterminated inner list at offset 15", error("sig1=(\"@method\""));
    assertEquals("expected ' ' or ')' at offset 9", error("sig1=(\"a\"\"b\")"));
    assertEquals("trailing comma at offset 7", error("a=1, b,"));
    assertEquals("a key starts with a-z or '*' at offset 0", error("Sig=1"));
    assertEquals("sf-integer has more than 15 digits at offset 2", error("a=1234567890123456"));
    assertEquals("sf-decimal needs 1 to 3 fraction digits at offset 2", error("a=1.2345"));
    assertEquals("sf-boolean must be ?0 or ?1 at offset 3", error("a=?2"));
    assertEquals("invalid escape in sf-string at offset 4", error("a=\"\\n\""));
    assertEquals("invalid base64 character in sf-binary at offset 5", error("a=:AQ*D:"));
    assertEquals("duplicate dictionary key \"a\" at offset 5", error("a=1, a=2"));
    assertEquals("duplicate parameter \"p\" at offset 8", error("a=1;p=1;p=2"));
    assertEquals("expected ',' at offset 4", error("a=1 b=2"));
    assertEquals("sf-string allows printable ASCII only at offset 3", error("a=\"\u00e9\""));
  }

  @Test
  void parseDictionary_tooManyMembers_isRefused() {
    StringBuilder field = new StringBuilder("k0=1");
    for (int i = 1; i <= StructuredFields.MAX_MEMBERS; i++) {
      field.append(", k").append(i).append("=1");
    }
    assertEquals("more than 64 dictionary keys at offset 438", error(field.toString()));
  }

  private static String error(String field) {
    return assertThrows(ParseException.class, () -> StructuredFields.parseDictionary(field))
        .getMessage();
  }
}
