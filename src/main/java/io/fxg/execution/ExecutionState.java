package io.fxg.execution;

import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lifecycle as a sealed state, one record per phase. Every non-empty state carries the
 * {@link Core}: the intent and the lineage chain so far.
 */
public sealed interface ExecutionState extends CborSerializable {

  /** The intent and the chain; immutable, appended by copy. */
  record Core(ExecutionIntent intent, List<LineageRecord> records, List<String> children)
      implements CborSerializable {
    Core append(LineageRecord record) {
      List<LineageRecord> next = new ArrayList<>(records.size() + 1);
      next.addAll(records);
      next.add(record);
      return new Core(intent, Collections.unmodifiableList(next), children);
    }

    Core withChild(String childId) {
      List<String> next = new ArrayList<>(children);
      next.add(childId);
      return new Core(intent, records, Collections.unmodifiableList(next));
    }

    LineageRecord last() {
      return records.get(records.size() - 1);
    }
  }

  /** No intent yet: the entity was only looked up. */
  record Empty() implements ExecutionState {}

  /** Phase 1: intent journaled, waiting for governance. */
  record Pending(Core core) implements ExecutionState {}

  /** Phase 2: permitted at a synchronised policy version, artifact not yet issued. */
  record Governed(Core core, GovernanceVerdict.Permit permit) implements ExecutionState {}

  /** Phase 3: artifact issued, trust not yet activated. */
  record Authorized(Core core, GovernanceVerdict.Permit permit, IssuedArtifact artifact)
      implements ExecutionState {}

  /** Phase 4: bound to a fresh attestation, not yet dispatched. */
  record TrustActive(Core core, GovernanceVerdict.Permit permit, IssuedArtifact artifact)
      implements ExecutionState {}

  /**
   * Phases 5 and 6: dispatched; reports arrive in strictly increasing {@code lastReportSeq}.
   *
   * @param deadlineEpochMilli the earlier of the artifact's exp and maxDurationSeconds after start
   */
  record Running(
      Core core,
      GovernanceVerdict.Permit permit,
      IssuedArtifact artifact,
      int phase,
      long lastReportSeq,
      long deadlineEpochMilli)
      implements ExecutionState {}

  /**
   * Terminal: completed, failed, interrupted or denied; phase 8 once a checkpoint covers it.
   *
   * @param permit null when denied before a permit
   * @param artifact null when no artifact was issued
   * @param logIndex the log index of the terminal record once proven, else -1
   */
  record Finished(
      Core core,
      GovernanceVerdict.Permit permit,
      IssuedArtifact artifact,
      String status,
      int phase,
      Outcome outcome,
      long logIndex)
      implements ExecutionState {
    public boolean proven() {
      return logIndex >= 0;
    }
  }

  static Core coreOf(ExecutionState state) {
    if (state instanceof Pending s) {
      return s.core();
    } else if (state instanceof Governed s) {
      return s.core();
    } else if (state instanceof Authorized s) {
      return s.core();
    } else if (state instanceof TrustActive s) {
      return s.core();
    } else if (state instanceof Running s) {
      return s.core();
    } else if (state instanceof Finished s) {
      return s.core();
    }
    return null;
  }

  /** The permit from phase 2 on (null before it, and for executions denied at phase 2). */
  static GovernanceVerdict.Permit permitOf(ExecutionState state) {
    if (state instanceof Governed s) {
      return s.permit();
    } else if (state instanceof Authorized s) {
      return s.permit();
    } else if (state instanceof TrustActive s) {
      return s.permit();
    } else if (state instanceof Running s) {
      return s.permit();
    } else if (state instanceof Finished s) {
      return s.permit();
    }
    return null;
  }

  /** The issued artifact from phase 3 on (null before it, and for executions denied before it). */
  static IssuedArtifact artifactOf(ExecutionState state) {
    if (state instanceof Authorized s) {
      return s.artifact();
    } else if (state instanceof TrustActive s) {
      return s.artifact();
    } else if (state instanceof Running s) {
      return s.artifact();
    } else if (state instanceof Finished s) {
      return s.artifact();
    }
    return null;
  }
}
