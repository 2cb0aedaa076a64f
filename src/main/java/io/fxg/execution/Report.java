package io.fxg.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.CborSerializable;
import java.util.List;

/**
 * A target environment's signed report on a running execution.
 *
 * @param status running, completed or failed
 * @param signerKeyId the RFC 9421 keyid that signed it; must be the execution's target
 */
public record Report(
    long seq,
    String status,
    List<Action> actions,
    JsonNode result,
    String error,
    String signerKeyId)
    implements CborSerializable {

  /** One action the environment says it took. */
  public record Action(String action, String resource) implements CborSerializable {}
}
