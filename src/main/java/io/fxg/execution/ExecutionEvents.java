package io.fxg.execution;

import io.fxg.execution.Execution.AuthorizationIssued;
import io.fxg.execution.Execution.Completed;
import io.fxg.execution.Execution.Denied;
import io.fxg.execution.Execution.Event;
import io.fxg.execution.Execution.ExecutionStarted;
import io.fxg.execution.Execution.Failed;
import io.fxg.execution.Execution.GovernanceSynchronized;
import io.fxg.execution.Execution.IntentReceived;
import io.fxg.execution.Execution.Interrupted;
import io.fxg.execution.Execution.Progressed;
import io.fxg.execution.Execution.ProofPersisted;
import io.fxg.execution.Execution.TrustActivated;
import io.fxg.execution.ExecutionState.Core;
import java.util.List;

/** The event handler of {@link Execution}: pure, it only applies what the command handler decided. */
final class ExecutionEvents {
  private ExecutionEvents() {}

  static ExecutionState apply(ExecutionState state, Event event) {
    if (event instanceof IntentReceived e) {
      return new ExecutionState.Pending(new Core(e.intent(), List.of(e.record()), List.of()));
    }
    Core core = ExecutionState.coreOf(state).append(event.record());
    if (event instanceof GovernanceSynchronized e) {
      return new ExecutionState.Governed(core, e.permit());
    } else if (event instanceof AuthorizationIssued e) {
      return new ExecutionState.Authorized(core, ((ExecutionState.Governed) state).permit(), e.artifact());
    } else if (event instanceof TrustActivated) {
      ExecutionState.Authorized s = (ExecutionState.Authorized) state;
      return new ExecutionState.TrustActive(core, s.permit(), s.artifact());
    } else if (event instanceof ExecutionStarted e) {
      ExecutionState.TrustActive s = (ExecutionState.TrustActive) state;
      return new ExecutionState.Running(core, s.permit(), s.artifact(), 5, 0, e.deadlineEpochMilli());
    } else if (event instanceof Progressed e) {
      Core linked = e.childId() == null ? core : core.withChild(e.childId());
      if (state instanceof ExecutionState.Running s && e.childId() == null) {
        return new ExecutionState.Running(linked, s.permit(), s.artifact(), 6, Math.max(s.lastReportSeq(), e.reportSeq()), s.deadlineEpochMilli());
      }
      return withCore(state, linked);
    } else if (event instanceof Completed e) {
      return finished(state, core, "completed", 6, new Outcome("completed", null, e.result()));
    } else if (event instanceof Failed e) {
      return finished(state, core, "failed", 6, new Outcome(e.reason(), e.detail(), null));
    } else if (event instanceof Interrupted e) {
      return finished(state, core, "interrupted", 7, new Outcome(e.reason(), e.detail(), null));
    } else if (event instanceof Denied e) {
      return finished(state, core, "denied", e.phase(), new Outcome(e.reason(), e.detail(), null));
    } else if (event instanceof Execution.CancelRecorded) {
      return withCore(state, core);
    } else if (event instanceof ProofPersisted e) {
      ExecutionState.Finished s = (ExecutionState.Finished) state;
      return new ExecutionState.Finished(core, s.permit(), s.artifact(), s.status(), s.phase(), s.outcome(), e.logIndex());
    }
    throw new IllegalStateException("unknown event " + event.getClass().getName());
  }

  private static ExecutionState.Finished finished(ExecutionState state, Core core, String status, int phase, Outcome outcome) {
    return new ExecutionState.Finished(core, ExecutionState.permitOf(state), ExecutionState.artifactOf(state),
        status, phase, outcome, -1);
  }

  private static ExecutionState withCore(ExecutionState state, Core core) {
    if (state instanceof ExecutionState.Pending) {
      return new ExecutionState.Pending(core);
    } else if (state instanceof ExecutionState.Governed s) {
      return new ExecutionState.Governed(core, s.permit());
    } else if (state instanceof ExecutionState.Authorized s) {
      return new ExecutionState.Authorized(core, s.permit(), s.artifact());
    } else if (state instanceof ExecutionState.TrustActive s) {
      return new ExecutionState.TrustActive(core, s.permit(), s.artifact());
    } else if (state instanceof ExecutionState.Running s) {
      return new ExecutionState.Running(core, s.permit(), s.artifact(), s.phase(), s.lastReportSeq(), s.deadlineEpochMilli());
    }
    ExecutionState.Finished s = (ExecutionState.Finished) state;
    return new ExecutionState.Finished(core, s.permit(), s.artifact(), s.status(), s.phase(), s.outcome(), s.logIndex());
  }
}
