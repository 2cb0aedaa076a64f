package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the gateway asked this target to run, after the artifact was verified: the dispatch body and
 * the artifact's verified claims (for handlers that look at obligations or the caller).
 */
public record ActionRequest(
    String executionId, String action, String resource, JsonNode parameters, JsonNode claims) {}
