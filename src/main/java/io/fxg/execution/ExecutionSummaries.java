package io.fxg.execution;

import io.fxg.execution.ExecutionIndex.Summary;
import io.fxg.lineage.LineageRecord;

/** Folds lineage events into {@link ExecutionIndex} summaries. */
final class ExecutionSummaries {
  private ExecutionSummaries() {}

  static Summary apply(Summary current, Execution.Event event) {
    LineageRecord r = event.record();
    if (event instanceof Execution.IntentReceived e) {
      ExecutionIntent i = e.intent();
      return new Summary(i.executionId(), "pending", 1, i.caller().keyId(), i.target().id(), i.action(),
          i.resource(), null, r.at(), r.at(), Execution.parentJti(i), peerLink(i));
    }
    if (current == null) {
      return null;
    }
    String status = current.status();
    String reason = current.reason();
    int phase = Math.max(current.phase(), r.phase());
    ExecutionView.PeerLink peer = current.peer();
    if (event instanceof Execution.ExecutionStarted || event instanceof Execution.Progressed) {
      if (peer != null && r.data() != null && r.data().has("forwardedTo")) {
        peer = new ExecutionView.PeerLink(peer.name(), peer.role(), r.data().path("child").asText(null));
      }
      status = "running".equals(status) || "pending".equals(status) ? (r.phase() >= 5 ? "running" : status) : status;
    } else if (event instanceof Execution.Completed) {
      status = "completed";
      reason = "completed";
    } else if (event instanceof Execution.Failed e) {
      status = "failed";
      reason = e.reason();
    } else if (event instanceof Execution.Interrupted e) {
      status = "interrupted";
      reason = e.reason();
      phase = 7;
    } else if (event instanceof Execution.Denied e) {
      status = "denied";
      reason = e.reason();
      phase = e.phase();
    } else if (event instanceof Execution.ProofPersisted) {
      phase = 8;
    }
    return new Summary(current.executionId(), status, phase, current.caller(), current.target(), current.action(),
        current.resource(), reason, current.createdAt(), r.at(), current.parent(), peer);
  }

  /** The link as {@link ExecutionPeering#peerLink} shows it, from the intent alone: the child's id comes later. */
  private static ExecutionView.PeerLink peerLink(ExecutionIntent intent) {
    if (intent.peer() == null) {
      return null;
    }
    return intent.forwardedTo() != null
        ? new ExecutionView.PeerLink(intent.peer(), "child", null)
        : new ExecutionView.PeerLink(intent.peer(), "parent", Execution.parentJti(intent));
  }
}
