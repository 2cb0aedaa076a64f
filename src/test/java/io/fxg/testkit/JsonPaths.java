package io.fxg.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Paths into a JSON tree in the problem {@code field} notation ({@code a.b[2].c}), for {@link JsonFuzz}. */
final class JsonPaths {
  private JsonPaths() {}

  /** Every member and element path of {@code node} under {@code prefix}, parents first. */
  static void collect(JsonNode node, String prefix, List<String> paths) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        String path = prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey();
        paths.add(path);
        collect(member.getValue(), path, paths);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String path = prefix + "[" + i + "]";
        paths.add(path);
        collect(node.get(i), path, paths);
      }
    }
  }

  /** The node at a path in field notation ({@code a.b[2].c}); the root for the empty path. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String step : steps(path)) {
      node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
    }
    return node;
  }

  static void set(JsonNode root, String path, JsonNode value) {
    List<String> steps = steps(path);
    String last = steps.get(steps.size() - 1);
    JsonNode parent = at(root, parentPath(path));
    if (last.startsWith("[")) {
      ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  static void remove(JsonNode root, String path) {
    List<String> steps = steps(path);
    String last = steps.get(steps.size() - 1);
    JsonNode parent = at(root, parentPath(path));
    if (last.startsWith("[")) {
      ((ArrayNode) parent).remove(Integer.parseInt(last.substring(1, last.length() - 1)));
    } else {
      ((ObjectNode) parent).remove(last);
    }
  }

  private static String parentPath(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  private static List<String> steps(String path) {
    List<String> steps = new ArrayList<>();
    if (path.isEmpty()) {
      return steps;
    }
    for (String dotted : path.split("\\.")) {
      int bracket = dotted.indexOf('[');
      if (bracket != 0) {
        steps.add(bracket < 0 ? dotted : dotted.substring(0, bracket));
      }
      for (int i = Math.max(bracket, 0); bracket >= 0 && i < dotted.length(); i = dotted.indexOf(']', i) + 1) {
        steps.add(dotted.substring(i, dotted.indexOf(']', i) + 1));
      }
    }
    return steps;
  }
}
