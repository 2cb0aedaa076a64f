package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.util.List;

/**
 * One execution report (SPEC section 7): {@code {"seq","status","actions","result","error"}}.
 * {@code seq} strictly increases per execution; {@code result} and {@code error} are omitted when
 * null.
 */
public record Report(
    long seq, Status status, List<ActionRef> actions, JsonNode result, String error) {
  /** Report status on the wire. */
  public enum Status {
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public Report {
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1");
    }
    actions = List.copyOf(actions);
  }

  public ObjectNode toJson() {
    ObjectNode body = Json.object();
    body.put("seq", seq);
    body.put("status", status.wireName());
    ArrayNode list = body.putArray("actions");
    for (ActionRef action : actions) {
      list.addObject().put("action", action.action()).put("resource", action.resource());
    }
    if (result != null) {
      body.set("result", result);
    }
    if (error != null) {
      body.put("error", error);
    }
    return body;
  }
}
