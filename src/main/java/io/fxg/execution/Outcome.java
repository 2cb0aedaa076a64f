package io.fxg.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.CborSerializable;

/**
 * How a finished execution ended: a reason code ({@code scope.violation}, {@code policy.forbidden},
 * ...) with detail for operators, and the target's result when it completed.
 */
public record Outcome(String reason, String detail, JsonNode result) implements CborSerializable {}
