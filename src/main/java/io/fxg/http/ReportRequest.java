package io.fxg.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Body of {@code POST /v1/executions/{id}/reports}, signed by the target environment. */
public record ReportRequest(Long seq, String status, List<ActionTaken> actions, JsonNode result, String error) {
  public record ActionTaken(String action, String resource) {}
}
