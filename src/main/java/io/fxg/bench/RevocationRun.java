package io.fxg.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * SPEC section 8 / issue 5 timing: {@code liveExecutions} executions of {@code bench.hold} (the
 * target accepts them and runs until cancelled) from one principal key, spread over target
 * environments of at most 250 live executions each; once all are running, one admin revocation of
 * that key. Measures from the revocation being accepted (its {@code 201} received) to the last
 * {@code execution.interrupted} record journaled, and to the cancels recorded.
 */
final class RevocationRun {
  private static final int PER_ENVIRONMENT = 250;
  /** Submissions per second: under the per-key rate limit (200/s, burst 400). */
  private static final int SUBMIT_RATE = 150;

  private final BenchOptions options;
  private final PrintStream log;

  RevocationRun(BenchOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  ObjectNode run() throws Exception {
    int live = options.liveExecutions();
    int environments = (live + PER_ENVIRONMENT - 1) / PER_ENVIRONMENT;
    ObjectNode out = Json.object();
    try (BenchRig rig = BenchRig.start(2, environments, options.keepHome())) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      warmUp(rig, client);
      long startedBefore = rig.probe.count("execution.started");
      log.println("bench: submitting " + live + " long-running executions over " + environments + " environments");
      AtomicInteger refused = new AtomicInteger();
      java.util.Map<String, Integer> refusals = new java.util.concurrent.ConcurrentHashMap<>();
      CompletableFuture<?>[] sent = new CompletableFuture<?>[live];
      long t = System.nanoTime();
      for (int i = 0; i < live; i++) {
        LockSupport.parkNanos(Math.max(0, t + (long) i * 1_000_000_000L / SUBMIT_RATE - System.nanoTime()));
        sent[i] = client.sendAsync(rig.governed(2L * i, i % environments, BenchFederation.HOLD, 900, 0),
            HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
              if (r.statusCode() != 202) {
                refused.incrementAndGet();
                refusals.merge(r.statusCode() + " " + Workloads.field(r.body(), "type") + " "
                    + Workloads.field(r.body(), "reason"), 1, Integer::sum);
              }
            });
      }
      CompletableFuture.allOf(sent).join();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (rig.probe.count("execution.started") - startedBefore < live - refused.get() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long running = rig.probe.count("execution.started") - startedBefore;
      Thread.sleep(2000);
      log.println("bench: " + running + " running (" + refused.get() + " refused " + refusals + "); revoking bench-caller/p0");

      rig.probe.keepInterruptionTimes();
      long interruptedBefore = rig.probe.interrupted();
      long cancelsBefore = rig.probe.count("target.cancel");
      long sentAt = System.nanoTime();
      HttpResponse<String> revoked = rig.adminPost("/v1/admin/revocations",
          "{\"kind\":\"key\",\"id\":\"" + BenchFederation.CALLER_DOMAIN + "/p0\",\"reason\":\"bench revocation\"}");
      long acceptedAt = System.nanoTime();
      if (revoked.statusCode() != 201) {
        throw new IllegalStateException("revocation refused: " + revoked.statusCode() + " " + revoked.body());
      }
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (rig.probe.interrupted() - interruptedBefore < running && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      long interrupted = rig.probe.interrupted() - interruptedBefore;
      List<Long> times = rig.probe.interruptionTimes().stream().sorted().toList();
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (rig.probe.count("target.cancel") - cancelsBefore < interrupted && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      out.put("live", running);
      out.put("refused_submissions", refused.get());
      out.set("refusals", Json.toTree(refusals));
      out.put("environments", environments);
      out.put("revoked", "key " + BenchFederation.CALLER_DOMAIN + "/p0");
      out.put("interrupted", interrupted);
      out.put("revocation_request_ms", ms(acceptedAt - sentAt));
      if (!times.isEmpty()) {
        out.put("accepted_to_first_interrupted_ms", ms(times.get(0) - acceptedAt));
        out.put("accepted_to_median_interrupted_ms", ms(times.get(times.size() / 2) - acceptedAt));
        out.put("accepted_to_last_interrupted_ms", ms(times.get(times.size() - 1) - acceptedAt));
        out.put("sent_to_last_interrupted_ms", ms(times.get(times.size() - 1) - sentAt));
      }
      out.put("target_cancels_recorded", rig.probe.count("target.cancel") - cancelsBefore);
      out.put("note", "times are to the execution.interrupted record being journaled (observer on the node);"
          + " accepted = the revocation's 201 received by the admin client");
      log.println("bench: " + interrupted + " interrupted; last " + out.path("accepted_to_last_interrupted_ms").asDouble()
          + " ms after the revocation was accepted");
    }
    return out;
  }

  /**
   * Short executions from principal p1 until every shard has started (a fresh node allocates its
   * 1,000 shards, each recovering its remembered entities, on first use) and the JIT has compiled
   * the path; revoking p0 later leaves these untouched.
   */
  private void warmUp(BenchRig rig, HttpClient client) throws Exception {
    long seconds = Math.max(5, options.warmupSeconds());
    log.println("bench: warm-up " + seconds + " s (short executions from bench-caller/p1)");
    try (LoadGenerator load = new LoadGenerator(2)) {
      load.closedLoop(n -> new LoadGenerator.Prepared(rig.governed(2 * n + 1, 0, BenchFederation.NOOP, 60, 30),
          (r, failure, start) -> failure != null ? failure.toString() : r.statusCode() == 200 ? null : "http " + r.statusCode()),
          16, java.time.Duration.ZERO, java.time.Duration.ofSeconds(seconds));
    }
  }

  private static double ms(long nanos) {
    return Resources.round(nanos / 1e6);
  }
}
