package io.fxg.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jcs;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct JCS writers and the hash shortcut agree with the reference encoder on every input. */
class CanonicalRecordsTest {
  static final String ALPHABET = "aZ09 _-./:\"\\\u0000\u0001\b\t\n\u000b\f\r\u001f\u007f\u0080é€日本\u2028";

  static LineageRecord record(ObjectNode data) {
    return LineageChain.next(null, "01jexec", "execution.progress", 6, Instant.parse("2026-11-27T09:00:00.123Z"),
        "127.0.0.1:25520", data);
  }

  static void assertSameAsJcs(LineageRecord record) {
    // the reference implementation (java-json-canonicalization) over the record's JSON text
    byte[] expected = Jcs.canonicalizeText(Json.write(record.toJson()));
    assertArrayEquals(expected, CanonicalRecords.bytes(record), new String(expected, java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(RecordHashes.verify(record, expected));
  }

  @Test
  void bytes_equalJcs_forEveryCharacterAndNumberKind() {
    for (char c = 0; c < 0x100; c++) {
      assertSameAsJcs(record(Json.object().put("k" + c, "v" + c + "w")));
    }
    ObjectNode data = Json.object().put("z", 1).put("a", -1).put("é", 0).put("B", true).put("_", false).putNull("n")
        .put("max", 1L << 53).put("min", -(1L << 53)).put("big", (1L << 53) + 1).put("neg", Long.MIN_VALUE)
        .put("half", 0.5).put("one", 1.0).put("dec", new BigDecimal("1.50")).put("bigint", new BigInteger("123456789012345678901234"))
        .put("emoji", "\ud83d\ude00").put("lone", "\ud800x");
    data.putArray("list").add(3).add("x").addNull().addObject().put("hash", "abc");
    data.putObject("nested").put("hash", "sha256:" + "00".repeat(32)).putObject("deeper").put("y", 2);
    assertSameAsJcs(record(data));
  }

  @Test
  void bytes_equalJcs_forRandomRecords() {
    Random random = new Random(42);
    for (int n = 0; n < 500; n++) {
      assertSameAsJcs(record(randomObject(random, 0)));
    }
  }

  @Test
  void verify_refusesAlteredRecordsAndHashes() {
    LineageRecord record = record(Json.object().put("hash", "x"));
    byte[] bytes = CanonicalRecords.bytes(record);
    LineageRecord alteredHash = new LineageRecord(record.executionId(), record.seq(), record.type(), record.phase(),
        record.at(), record.node(), record.data(), record.prev(), "0" + record.hash().substring(1));
    assertFalse(RecordHashes.verify(alteredHash, CanonicalRecords.bytes(alteredHash)));
    LineageRecord alteredData = new LineageRecord(record.executionId(), record.seq(), record.type(), record.phase(),
        record.at(), record.node(), Json.object().put("hash", "y"), record.prev(), record.hash());
    assertFalse(RecordHashes.verify(alteredData, CanonicalRecords.bytes(alteredData)));
    assertEquals(record.hash(), record.computeHash());
    assertTrue(RecordHashes.verify(record, bytes));
  }

  static ObjectNode randomObject(Random random, int depth) {
    ObjectNode node = Json.object();
    int members = random.nextInt(6);
    for (int i = 0; i < members; i++) {
      String name = randomText(random);
      switch (depth < 3 ? random.nextInt(6) : random.nextInt(4)) {
        case 0 -> node.put(name, randomText(random));
        case 1 -> node.put(name, random.nextLong() >> random.nextInt(64));
        case 2 -> node.put(name, random.nextBoolean());
        case 3 -> node.putNull(name);
        case 4 -> node.set(name, randomObject(random, depth + 1));
        default -> {
          ArrayNode array = node.putArray(name);
          for (int j = random.nextInt(4); j > 0; j--) {
            if (random.nextBoolean()) {
              array.add(randomText(random));
            } else {
              array.add(randomObject(random, depth + 1));
            }
          }
        }
      }
    }
    return node;
  }

  static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(8); i > 0; i--) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }
}
