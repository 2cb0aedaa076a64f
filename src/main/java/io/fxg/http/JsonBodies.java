package io.fxg.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.stream.Collectors;

/** Strict JSON request bodies: malformed JSON, wrong types and unknown fields name the field. */
public final class JsonBodies {
  private JsonBodies() {}

  public static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw new ProblemException(400, "invalid-request", "a JSON body is required", "body");
    }
    try {
      JsonNode tree = Json.mapper().readTree(body);
      String illFormed = tree == null ? null : Json.illFormedUnicodeMember(tree);
      if (illFormed != null) {
        throw new ProblemException(400, "invalid-request", illFormed + ": not well-formed Unicode (a lone surrogate)",
            illFormed.isEmpty() ? "body" : illFormed);
      }
      String nonFinite = tree == null ? null : Json.nonFiniteNumberMember(tree);
      if (nonFinite != null) {
        throw new ProblemException(400, "invalid-request", nonFinite
            + ": a number beyond the IEEE 754 double range (it cannot be canonicalized, RFC 8785)",
            nonFinite.isEmpty() ? "body" : nonFinite);
      }
      T value = tree == null ? null : Json.mapper().treeToValue(tree, type);
      if (value == null) {
        throw new ProblemException(400, "invalid-request", "the body must be a JSON object", "body");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw new ProblemException(400, "invalid-request", field + ": unknown field", field);
    } catch (JsonMappingException e) {
      String field = path(e);
      throw new ProblemException(400, "invalid-request",
          (field.isEmpty() ? "body" : field) + ": " + e.getOriginalMessage(), field.isEmpty() ? "body" : field);
    } catch (JsonProcessingException e) {
      String member = Json.memberOf(e, body);
      if (member != null) {
        throw new ProblemException(400, "invalid-request", member + ": " + e.getOriginalMessage(), member);
      }
      throw new ProblemException(400, "invalid-request", "body: malformed JSON: " + e.getOriginalMessage(), "body");
    } catch (IOException e) {
      throw new ProblemException(400, "invalid-request", "body: unreadable", "body");
    }
  }

  static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
