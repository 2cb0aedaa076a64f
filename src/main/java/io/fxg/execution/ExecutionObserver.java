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

  /** Both observers, in order. */
  default ExecutionObserver andThen(ExecutionObserver next) {
    ExecutionObserver first = this;
    return new ExecutionObserver() {
      @Override
      public void live(ExecutionIntent intent, IssuedArtifact artifact) {
        first.live(intent, artifact);
        next.live(intent, artifact);
      }

      @Override
      public void ended(String executionId, String status) {
        first.ended(executionId, status);
        next.ended(executionId, status);
      }

      @Override
      public void recorded(io.fxg.lineage.LineageRecord record, io.fxg.lineage.LineageRecord previous) {
        first.recorded(record, previous);
        next.recorded(record, previous);
      }
    };
  }

  /** @param status the terminal status: completed, failed, interrupted or denied */
  void ended(String executionId, String status);

  /** A record was journaled; {@code previous} is the record before it in the chain, or null. */
  default void recorded(io.fxg.lineage.LineageRecord record, io.fxg.lineage.LineageRecord previous) {}
}
