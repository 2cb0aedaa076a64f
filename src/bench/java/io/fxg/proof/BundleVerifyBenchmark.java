package io.fxg.proof;

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
 * Offline verification of one proof bundle ({@code scripts/fxg verify}): a completed execution's
 * seven records (hashes and chain), seven inclusion proofs against the checkpoint, the checkpoint's
 * note signature, the artifact's JWS signature and its agreement with the records; from the bundle
 * JSON text, as the CLI reads it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BundleVerifyBenchmark {
  private ProofBundleVerifier verifier;
  private String bundleJson;

  @Setup
  public void setUp() throws Exception {
    TestBundles bundles = new TestBundles();
    for (int i = 0; i < 5000; i++) {
      bundles.tree.appendData(("earlier " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    ProofBundle bundle = bundles.completed("01jdbench00000000000000000");
    bundleJson = io.fxg.serialization.Json.write(bundle.toJson());
    verifier = ProofBundleVerifier.withKeys(bundles.jwksJson(), bundles.logVerifierKey());
    ProofBundleVerifier.Result result = verifier.verify(bundleJson);
    if (!result.ok()) {
      throw new IllegalStateException("the benchmark bundle must verify: " + result.report());
    }
  }

  @Benchmark
  public ProofBundleVerifier.Result verify() {
    return verifier.verify(bundleJson);
  }
}
