package io.fxg.execution;

/**
 * Told when an execution on this node becomes live (artifact issued, told just before it is
 * journaled) and when it ends or stops being hosted here, so that supervisors can find exactly the
 * executions a trust change affects and the live gauge counts only those. Calls must not block.
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

      @Override
      public void stopped(String executionId) {
        first.stopped(executionId);
        next.stopped(executionId);
      }
    };
  }

  /** @param status the terminal status: completed, failed, interrupted or denied */
  void ended(String executionId, String status);

  /**
   * An execution told {@link #live} stopped here without ending: its first write failed (the
   * journal is down, so it is not live anywhere), or it stopped while live (a journal failure, a
   * shard hand-off); an incarnation that recovers it, here or elsewhere, tells {@link #live} again.
   */
  default void stopped(String executionId) {}

  /** A record was journaled; {@code previous} is the record before it in the chain, or null. */
  default void recorded(io.fxg.lineage.LineageRecord record, io.fxg.lineage.LineageRecord previous) {}
}
