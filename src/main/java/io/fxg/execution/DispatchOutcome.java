package io.fxg.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.CborSerializable;

/** What the target answered to {@code /fxg/execute}. */
public sealed interface DispatchOutcome extends CborSerializable {
  /** 200: finished synchronously. */
  record Completed(JsonNode result) implements DispatchOutcome {}

  /** 202: the environment reports asynchronously. */
  record Accepted() implements DispatchOutcome {}

  /**
   * Forwarded to the peer gateway that governs the target (SPEC section 13): the peer accepted it
   * as its execution {@code childId}; its outcome arrives over the link.
   */
  record Forwarded(String peer, String childId, String url) implements DispatchOutcome {}

  /** Anything else; {@code upstreamStatus} is 0 when no HTTP answer came. */
  record Failed(String reason, String detail, int upstreamStatus) implements DispatchOutcome {}
}
