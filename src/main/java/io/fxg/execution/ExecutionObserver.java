package io.fxg.execution;

/**
 * Told when an execution on this node becomes live (artifact issued) and when it ends, so that
 * supervisors can find exactly the executions a trust change affects. Calls must not block.
 */
public interface ExecutionObserver {
  ExecutionObserver NONE =
      new ExecutionObserver() {
        @Override
        public void live(ExecutionIntent intent, IssuedArtifact artifact) {}

        @Override
        public void ended(String executionId, String status) {}
      };

  void live(ExecutionIntent intent, IssuedArtifact artifact);

  /** @param status the terminal status: completed, failed, interrupted or denied */
  void ended(String executionId, String status);
}
