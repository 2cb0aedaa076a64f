package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an {@link ActionHandler} answers: completed now ({@code 200}), failed now ({@code 500}), or
 * accepted to run asynchronously ({@code 202}), in which case the server runs the {@link
 * AsyncAction} on its own thread and reports through the execution's context.
 */
public sealed interface ActionOutcome
    permits ActionOutcome.Completed, ActionOutcome.Failed, ActionOutcome.Accepted {

  static ActionOutcome completed(JsonNode result) {
    return new Completed(result);
  }

  static ActionOutcome failed(String error) {
    return new Failed(error);
  }

  static ActionOutcome async(AsyncAction work) {
    return new Accepted(work);
  }

  /** Synchronous success: {@code 200 {"status":"completed","result":..}}. */
  record Completed(JsonNode result) implements ActionOutcome {}

  /** Synchronous failure: {@code 500 {"status":"failed","error":..}}. */
  record Failed(String error) implements ActionOutcome {}

  /** Asynchronous: {@code 202 {"status":"accepted"}}, then {@code work} runs and reports. */
  record Accepted(AsyncAction work) implements ActionOutcome {}

  /**
   * Long-running work. Its return value is the result of the {@code completed} report; an exception
   * becomes a {@code failed} report. Work should poll {@link ExecutionContext#isCancelled()} or
   * wait with {@link ExecutionContext#awaitCancellation}; once cancelled, nothing more is reported.
   */
  @FunctionalInterface
  interface AsyncAction {
    JsonNode run(ExecutionContext context) throws Exception;
  }
}
