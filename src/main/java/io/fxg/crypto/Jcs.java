package io.fxg.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme: the one encoder for every byte that fxg hashes or signs.
 * Serializer output is never hashed directly; it always passes through here.
 */
public final class Jcs {
  private Jcs() {}

  /**
   * Canonical UTF-8 bytes of any value Jackson can turn into JSON (records, maps, JsonNode):
   * written straight from the tree ({@link JcsWriter}), or by the reference implementation when
   * the writer cannot be exact (a lone surrogate).
   */
  public static byte[] canonicalize(Object jsonValue) {
    JsonNode tree = jsonValue instanceof JsonNode node ? node : Json.mapper().valueToTree(jsonValue);
    byte[] direct = JcsWriter.of(tree);
    return direct != null ? direct : canonicalizeText(Json.write(jsonValue));
  }

  /** Canonical UTF-8 bytes of a JSON text. */
  public static byte[] canonicalizeText(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedUTF8();
    } catch (IOException e) {
      throw new UncheckedIOException("not canonicalizable JSON", e);
    }
  }
}
