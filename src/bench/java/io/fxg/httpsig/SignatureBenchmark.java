package io.fxg.httpsig;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
 * Phase 1 request authentication: verifying one RFC 9421 signature over a signed {@code POST
 * /v1/executions} (Signature-Input parsing, Content-Digest, signature base, Ed25519 verify) with a
 * nonce registry that accepts everything, so the figure is the cryptographic check alone; and
 * signing one (the client's and the gateway's outbound cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {
  private MessageVerifier verifier;
  private MessageSigner signer;
  private SignedRequestView unsigned;
  private SignedRequestView signed;

  @Setup
  public void setUp() {
    Signer key = Jwk.generate("partner-a/agent-7").signer().orElseThrow();
    Clock clock = Clock.systemUTC();
    signer = MessageSigner.create(key, clock);
    byte[] body = ("{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},\"action\":\"invoice.create\","
        + "\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250}}").getBytes(StandardCharsets.UTF_8);
    unsigned = SignedRequestView.of("POST", "/v1/executions", null,
        Map.of("Content-Type", List.of("application/json")), body);
    SignedRequestView view = unsigned;
    for (Map.Entry<String, String> h : signer.sign(unsigned).asMap().entrySet()) {
      view = view.withHeader(h.getKey(), h.getValue());
    }
    signed = view;
    verifier = new MessageVerifier(keyId -> KeyResolver.KeyLookup.found(key.publicKey()),
        (keyId, nonce, created) -> true, clock, MessageVerifier.DEFAULT_MAX_SKEW);
    if (!(verifier.verify(signed) instanceof Verification.Verified)) {
      throw new IllegalStateException("the benchmark request must verify");
    }
  }

  @Benchmark
  public Verification verify() {
    return verifier.verify(signed);
  }

  @Benchmark
  public SignatureHeaders sign() {
    return signer.sign(unsigned);
  }
}
