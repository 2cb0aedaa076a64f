package io.fxg.environment;

/**
 * Runs one named action for an authorized execution. Called on a server thread after the gateway's
 * signature and artifact were verified; a synchronous handler should finish quickly and anything
 * long should return {@link ActionOutcome#async}.
 */
@FunctionalInterface
public interface ActionHandler {
  ActionOutcome handle(ActionRequest request, ExecutionContext context) throws Exception;
}
