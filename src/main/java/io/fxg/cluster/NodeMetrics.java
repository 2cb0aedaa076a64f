package io.fxg.cluster;

import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.ExecutionObserver;
import io.fxg.execution.IssuedArtifact;
import io.fxg.lineage.LineageRecord;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * This node's Prometheus metrics (SPEC section 11), in a registry of its own so several nodes in
 * one JVM (tests) keep theirs apart: executions by phase and outcome, denials and interruptions by
 * reason, per-phase latency (between consecutive records of an execution), journal write latency
 * (record made to record persisted), live executions; other capabilities add their own (log size,
 * checkpoint age) through {@link #registry()}.
 */
public final class NodeMetrics implements ExecutionObserver {
  private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter records = Counter.builder().name("fxg_lineage_records_total")
      .help("lineage records written by executions on this node, by type and phase").labelNames("type", "phase").register(registry);
  private final Counter outcomes = Counter.builder().name("fxg_executions_finished_total")
      .help("executions that reached a terminal status on this node").labelNames("status", "reason").register(registry);
  private final Histogram phaseLatency = Histogram.builder().name("fxg_phase_latency_seconds")
      .help("time from the previous record to this phase's record").labelNames("phase")
      .classicOnly().classicUpperBounds(SECONDS).register(registry);
  private final Histogram journalWrite = Histogram.builder().name("fxg_journal_write_seconds")
      .help("from a record being made to its event being journaled").classicOnly().classicUpperBounds(SECONDS).register(registry);
  private final Counter reportsRejected = Counter.builder().name("fxg_reports_rejected_total")
      .help("reports refused on this node because their signature check failed (they interrupt nothing), by check")
      .labelNames("check").register(registry);
  private final java.util.Set<String> liveIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Gauge live = Gauge.builder().name("fxg_executions_live").help("live executions on this node").register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void recorded(LineageRecord record, LineageRecord previous) {
    Instant persistedAt = Instant.now();
    records.labelValues(record.type(), Integer.toString(record.phase())).inc();
    Instant at = Instant.parse(record.at());
    journalWrite.observe(Math.max(0, persistedAt.toEpochMilli() - at.toEpochMilli()) / 1000.0);
    if (previous != null) {
      phaseLatency.labelValues(Integer.toString(record.phase()))
          .observe(Math.max(0, at.toEpochMilli() - Instant.parse(previous.at()).toEpochMilli()) / 1000.0);
    }
    String reason = record.data().path("reason").asText("");
    switch (record.type()) {
      case "execution.completed" -> outcomes.labelValues("completed", "completed").inc();
      case "execution.failed" -> outcomes.labelValues("failed", reason).inc();
      case "execution.interrupted" -> outcomes.labelValues("interrupted", reason).inc();
      case "execution.denied" -> outcomes.labelValues("denied", reason).inc();
      default -> { }
    }
  }

  @Override
  public void live(ExecutionIntent intent, IssuedArtifact artifact) {
    liveIds.add(intent.executionId());
    live.set(liveIds.size());
  }

  @Override
  public void ended(String executionId, String status) {
    liveIds.remove(executionId);
    live.set(liveIds.size());
  }

  /** A report refused for its signature; {@code check} is the failed check's wire name (a bounded set). */
  public void reportRejected(String check) {
    reportsRejected.labelValues(check).inc();
  }

  @Override
  public void stopped(String executionId) {
    ended(executionId, "stopped");
  }

  public int liveCount() {
    return liveIds.size();
  }

  /** The Prometheus text exposition of everything registered. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
