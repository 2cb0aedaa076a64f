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
    // A JsonNode is written as it is; anything else from its JSON text, as the reference reads it
    // (a tree converted from objects would widen a float 0.1 to 0.10000000149011612).
    JsonNode tree = jsonValue instanceof JsonNode node ? node : textTree(jsonValue);
    byte[] direct = JcsWriter.of(tree);
    if (direct != null) {
      return direct;
    }
    if (tree.isContainerNode()) {
      return canonicalizeText(Json.write(jsonValue));
    }
    // The reference implementation takes only an object or array at the top: wrap a scalar in an
    // array and drop the brackets again.
    byte[] wrapped = canonicalizeText("[" + Json.write(jsonValue) + "]");
    return java.util.Arrays.copyOfRange(wrapped, 1, wrapped.length - 1);
  }

  private static JsonNode textTree(Object value) {
    try {
      return Json.mapper().readTree(Json.write(value));
    } catch (IOException e) {
      throw new UncheckedIOException("not canonicalizable JSON", e);
    }
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
