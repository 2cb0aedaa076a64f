package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executions running on one target, by id, and the threads that run asynchronous actions. An
 * execution is live from admission until its handler answered (synchronous) or its async work
 * returned; only live executions can be cancelled.
 */
final class Executions {
  /** Why an execution was not admitted. */
  enum Refusal {
    BUSY,
    DUPLICATE
  }

  private final ConcurrentMap<String, ExecutionContext> live = new ConcurrentHashMap<>();
  private final ExecutorService actionThreads;
  private final int capacity;

  Executions(ExecutorService actionThreads, int capacity) {
    this.actionThreads = actionThreads;
    this.capacity = capacity;
  }

  Optional<ExecutionContext> get(String executionId) {
    return Optional.ofNullable(live.get(executionId));
  }

  /** Registers the execution, or says why not. */
  Optional<Refusal> admit(ExecutionContext context) {
    if (live.size() >= capacity) {
      return Optional.of(Refusal.BUSY);
    }
    if (live.putIfAbsent(context.request().executionId(), context) != null) {
      return Optional.of(Refusal.DUPLICATE);
    }
    return Optional.empty();
  }

  /**
   * Runs an admitted execution's handler and answers the dispatch: {@code 200} completed, {@code
   * 500} failed, or {@code 202} accepted with the async work started after the answer is sent.
   */
  void run(HttpExchange exchange, ActionHandler handler, ExecutionContext context)
      throws IOException {
    String executionId = context.request().executionId();
    ActionOutcome outcome;
    try {
      outcome = handler.handle(context.request(), context);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      outcome = ActionOutcome.failed(context.request().action() + " failed: " + e.getMessage());
    }
    if (!(outcome instanceof ActionOutcome.Accepted accepted)) {
      // Unregister before answering, so no caller sees a finished execution as still live.
      live.remove(executionId, context);
      if (outcome instanceof ActionOutcome.Completed completed) {
        ObjectNode response = Json.object().put("status", "completed");
        response.set("result", completed.result());
        Exchanges.sendJson(exchange, 200, response);
      } else {
        Exchanges.sendJson(exchange, 500, failure(((ActionOutcome.Failed) outcome).error()));
      }
      return;
    }
    try {
      Exchanges.sendJson(exchange, 202, Json.object().put("status", "accepted"));
      actionThreads.execute(() -> runAsync(context, accepted.work()));
    } catch (IOException | RejectedExecutionException e) {
      // The gateway never learned of the acceptance (or we are stopping): do not run unseen work.
      context.cancel("dispatch not acknowledged");
      live.remove(executionId, context);
      if (e instanceof IOException io) {
        throw io;
      }
    }
  }

  /** Cancels every live execution and stops the action threads. */
  void shutdown(String reason) {
    live.values().forEach(context -> context.cancel(reason));
    actionThreads.shutdownNow();
  }

  private void runAsync(ExecutionContext context, ActionOutcome.AsyncAction work) {
    try {
      JsonNode result = work.run(context);
      context.complete(result);
    } catch (InterruptedException e) {
      context.fail("interrupted");
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      context.fail(context.request().action() + " failed: " + e.getMessage());
    } finally {
      live.remove(context.request().executionId(), context);
    }
  }

  private static ObjectNode failure(String error) {
    return Json.object().put("status", "failed").put("error", error);
  }
}
