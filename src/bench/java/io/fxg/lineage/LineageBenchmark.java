package io.fxg.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lineage record hashing: {@link LineageChain#next} (JCS of the record without {@code hash}, then
 * SHA-256) with the data of an {@code authorization.issued} record, as every journaled event does;
 * and the JCS leaf bytes the transparency log appends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LineageBenchmark {
  private LineageRecord previous;
  private ObjectNode data;
  private Instant at;

  @Setup
  public void setUp() {
    at = Instant.parse("2026-11-27T09:00:00.123Z");
    data = Json.object().put("jti", "01jdbench00000000000000000").put("policyVersion", 3)
        .put("policyDigest", "sha256:" + "ab".repeat(32)).put("action", "invoice.create")
        .put("resource", "invoices/2026-11").put("params", "sha256:" + "cd".repeat(32))
        .put("artifactDigest", "sha256:" + "ef".repeat(32)).put("rule", "billing-invoke");
    previous = LineageChain.next(null, "01jdbench00000000000000000", "governance.synchronized", 2, at,
        "127.0.0.1:25520", Json.object().put("policyVersion", 3));
  }

  @Benchmark
  public LineageRecord next() {
    return LineageChain.next(previous, "01jdbench00000000000000000", "authorization.issued", 3, at,
        "127.0.0.1:25520", data);
  }

  @Benchmark
  public byte[] leafBytes() {
    return previous.canonicalBytes();
  }
}
