package io.fxg.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST /v1/executions} (SPEC section 7). */
public record SubmitRequest(
    Target target,
    String action,
    String resource,
    JsonNode parameters,
    String parent,
    Integer maxDurationSeconds) {

  public record Target(String domain, String environment) {}
}
