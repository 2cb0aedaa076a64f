package io.fxg.execution;

import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import java.util.Optional;

/**
 * Re-verifies a recovered execution: the hash chain, and that the journaled intent still matches
 * the digests its first record committed to (a changed parameter is as much a tamper as a changed
 * hash).
 */
final class ChainIntegrity {
  private ChainIntegrity() {}

  static Optional<String> check(String executionId, ExecutionState.Core core) {
    Optional<LineageChain.Failure> chain = LineageChain.verify(executionId, core.records());
    if (chain.isPresent()) {
      return Optional.of(chain.get().toString());
    }
    LineageRecord first = core.records().get(0);
    if (!first.data().path("params").asText().equals(LineageData.paramsDigest(core.intent()))) {
      return Optional.of(executionId + " seq 1: journaled parameters do not match the recorded digest");
    }
    if (!first.data().path("action").asText().equals(core.intent().action())
        || !first.data().path("resource").asText().equals(core.intent().resource())
        || !first.data().path("target").asText().equals(core.intent().target().id())) {
      return Optional.of(executionId + " seq 1: journaled intent does not match the record");
    }
    return Optional.empty();
  }
}
