package io.fxg.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper for wire DTOs. Strict: unknown properties fail, so callers learn which field
 * was wrong. Never used to produce bytes that are hashed or signed; that is {@link io.fxg.crypto.Jcs}.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .build();

  static {
    // A number where text is due (or the reverse) is a wrong type, never silently converted.
    MAPPER.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
        .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
        .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
        .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
  }

  /** Steps of a member path {@link #memberOf} reports (a path through 1,000 nested arrays is noise). */
  private static final int MAX_MEMBER_STEPS = 8;

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  public static JsonNode parse(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /**
   * The member of {@code body} at which a parse failed because a value broke a limit (nesting
   * depth, number length: a {@link StreamConstraintsException}) or a number does not fit its type
   * (an {@link InputCoercionException}), in problem-field notation ({@code target.domain},
   * {@code rules[1].condition}, at most {@value #MAX_MEMBER_STEPS} steps); null for other failures
   * (malformed JSON concerns the body as a whole), at the top level and inside a top-level array.
   */
  public static String memberOf(JsonProcessingException failure, byte[] body) {
    if (failure instanceof InputCoercionException && failure.getProcessor() instanceof JsonParser parser) {
      return member(parser.getParsingContext());
    }
    if (!(failure instanceof StreamConstraintsException)) {
      return null;
    }
    // The exception carries no location: read the tokens again to where the limit is met.
    try (JsonParser parser = MAPPER.createParser(body)) {
      try {
        while (parser.nextToken() != null) {
          parser.getText();
        }
        return null;
      } catch (StreamConstraintsException again) {
        return member(parser.getParsingContext());
      }
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The first member (in problem-field notation) whose name or string value is not well-formed
   * UTF-16 (a lone surrogate, which JSON escapes can carry), or null. Such text cannot be written
   * as CBOR or UTF-8, so a journal write of it would fail: bodies are refused before.
   */
  public static String illFormedUnicodeMember(JsonNode node) {
    return firstMember(node, "", n -> n.isTextual() && !wellFormed(n.textValue()), name -> !wellFormed(name));
  }

  /**
   * The first member (in problem-field notation) holding a number beyond the IEEE 754 double range
   * (read as infinite, such as {@code 1e400}), or null. RFC 8785 (JCS) cannot encode it, so such a
   * body could be neither hashed nor signed: bodies are refused before.
   */
  public static String nonFiniteNumberMember(JsonNode node) {
    return firstMember(node, "", n -> n.isNumber() && !Double.isFinite(n.asDouble()), name -> false);
  }

  /** The path of the first value or member name that is bad, depth first in document order; null when none. */
  private static String firstMember(JsonNode node, String at, java.util.function.Predicate<JsonNode> badValue,
      java.util.function.Predicate<String> badName) {
    if (badValue.test(node)) {
      return at;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String bad = firstMember(node.get(i), at + "[" + i + "]", badValue, badName);
        if (bad != null) {
          return bad;
        }
      }
    }
    for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> member = it.next();
      String path = at.isEmpty() ? member.getKey() : at + "." + member.getKey();
      String bad = badName.test(member.getKey()) ? path : firstMember(member.getValue(), path, badValue, badName);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  /** Every surrogate in {@code text} is half of a high-low pair. */
  public static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String member(JsonStreamContext context) {
    java.util.ArrayDeque<String> steps = new java.util.ArrayDeque<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inArray()) {
        steps.addFirst("[" + Math.max(at.getCurrentIndex(), 0) + "]");
      } else if (at.getCurrentName() != null) {
        steps.addFirst("." + at.getCurrentName());
      }
    }
    if (steps.isEmpty() || !steps.peekFirst().startsWith(".")) {
      return null; // the top level, or inside a top-level array: the body as a whole is wrong
    }
    StringBuilder path = new StringBuilder();
    steps.stream().limit(MAX_MEMBER_STEPS).forEach(path::append);
    return path.substring(1);
  }

  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
