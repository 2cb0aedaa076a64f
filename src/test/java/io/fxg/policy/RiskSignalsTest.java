package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The principal's recent denials and interruptions, as every node counts them from the journal. */
class RiskSignalsTest {
  static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
  static final String AGENT = "partner-a/agent-7";

  static LineageRecord intent(String executionId, String caller, Instant at) {
    return LineageChain.next(null, executionId, "intent.received", 1, at, "n1",
        Json.object().put("caller", caller));
  }

  static LineageRecord end(LineageRecord previous, String type, int phase, String reason,
      Instant at) {
    ObjectNode data = Json.object().put("reason", reason);
    return LineageChain.next(previous, previous.executionId(), type, phase, at, "n1", data);
  }

  RiskSignals signals(Instant now) {
    return new RiskSignals(Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
  }

  void execution(RiskSignals signals, String id, String caller, String type, int phase,
      String reason, Instant at) {
    LineageRecord received = intent(id, caller, at);
    signals.observe(received);
    signals.observe(end(received, type, phase, reason, at));
  }

  @Test
  void observe_countsPolicyDenialsAndTrustInterruptions_only() {
    RiskSignals signals = signals(NOW);
    Instant at = NOW.minusSeconds(60);
    execution(signals, "e1", AGENT, "execution.denied", 2, "policy.forbidden", at);
    execution(signals, "e2", AGENT, "execution.denied", 3, "delegation.too-deep", at);
    execution(signals, "e3", AGENT, "execution.denied", 2, "governance.unsynchronized", at);
    execution(signals, "e4", AGENT, "execution.denied", 4, "trust.attestation", at);
    execution(signals, "e5", AGENT, "execution.interrupted", 7, "scope.violation", at);
    execution(signals, "e6", AGENT, "execution.interrupted", 7, "cancelled", at);
    execution(signals, "e7", AGENT, "execution.interrupted", 7, "governance.partitioned", at);
    execution(signals, "e8", "partner-b/other", "execution.denied", 2, "policy.forbidden", at);
    assertEquals(2, signals.recentDenials(AGENT));
    assertEquals(1, signals.recentInterruptions(AGENT));
    assertEquals(1, signals.recentDenials("partner-b/other"));
    assertEquals(0, signals.recentDenials("partner-c/nobody"));
  }

  @Test
  void observe_olderThanWindow_isNotCounted() {
    RiskSignals signals = signals(NOW);
    execution(signals, "e1", AGENT, "execution.denied", 2, "policy.forbidden", NOW.minusSeconds(901));
    execution(signals, "e2", AGENT, "execution.denied", 2, "policy.forbidden", NOW.minusSeconds(899));
    assertEquals(1, signals.recentDenials(AGENT));
  }

  @Test
  void observe_forgetsTheCallerAtTheTerminalRecord() {
    RiskSignals signals = signals(NOW);
    Instant at = NOW.minusSeconds(60);
    LineageRecord received = intent("e1", AGENT, at);
    signals.observe(received);
    LineageRecord completed = end(received, "execution.completed", 6, "completed", at);
    signals.observe(completed);
    // A finished execution's caller is no longer held, so nothing after its end is attributed.
    signals.observe(end(completed, "execution.interrupted", 7, "scope.violation", at));
    assertEquals(0, signals.recentInterruptions(AGENT));
  }

  @Test
  void observe_denialWithoutKnownCaller_isIgnored() {
    RiskSignals signals = signals(NOW);
    LineageRecord orphan = end(intent("e9", AGENT, NOW), "execution.denied", 2, "policy.forbidden",
        NOW);
    signals.observe(orphan);
    assertEquals(0, signals.recentDenials(AGENT));
  }

  @Test
  void observe_manyDenials_isBoundedButSaturatesScore() {
    RiskSignals signals = signals(NOW);
    for (int i = 0; i < 100; i++) {
      execution(signals, "e" + i, AGENT, "execution.denied", 2, "policy.forbidden", NOW);
    }
    assertEquals(RiskSignals.MAX_EVENTS, signals.recentDenials(AGENT));
    assertEquals(RiskScore.DENIALS_CAP, RiskScore.compute(signals.recentDenials(AGENT), 0,
        RiskScore.EnvironmentTrust.TRUSTED, 0));
  }
}
