package io.fxg.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop (a fixed number of requests in flight, each sent when the previous answered) and
 * open-loop (a fixed arrival rate, independent of answers) load on the JDK HTTP client. Latency is
 * recorded in microseconds into an HdrHistogram; in the open loop it runs from the request's
 * intended send time, so a stalled server is not hidden (no coordinated omission). Only answers that
 * arrive inside the measured window (after the ramp) count.
 */
final class LoadGenerator implements AutoCloseable {
  /** Makes the n-th request of a phase (signing it afresh) and judges its answer. */
  interface Workload {
    Prepared prepare(long n) throws Exception;
  }

  /** A request ready to send and the check of its response; {@code startNanos} is when it was due. */
  record Prepared(HttpRequest request, Check check) {}

  @FunctionalInterface
  interface Check {
    /**
     * Called once per request, also when it failed to be sent ({@code response} null).
     *
     * @return null when the response is a success, else a short error label
     */
    String judge(HttpResponse<String> response, Throwable failure, long startNanos);
  }

  /** What a phase measured. */
  record Result(long ok, long errors, long dropped, double seconds, Histogram latencyMicros,
      Map<String, Long> errorsByKind) {
    double throughput() {
      return ok / seconds;
    }
  }

  private final ExecutorService executor;
  private final HttpClient client;

  LoadGenerator(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-client-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
  }

  HttpClient client() {
    return client;
  }

  private final class Window {
    final long measureFrom;
    final long measureTo;
    final Histogram latency = LifecycleProbe.histogram();
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    /** Open loop: a request counts by when it was due; closed loop: by when it was answered. */
    final boolean byDue;

    Window(Duration ramp, Duration measure, boolean byDue) {
      this.byDue = byDue;
      this.measureFrom = System.nanoTime() + ramp.toNanos();
      this.measureTo = measureFrom + measure.toNanos();
    }

    boolean inWindow(long nanos) {
      return nanos >= measureFrom && nanos <= measureTo;
    }

    void error(long at, String kind) {
      if (inWindow(at)) {
        errors.increment();
        kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
      }
    }

    void send(Workload workload, long n, long dueNanos, Runnable then) {
      Prepared prepared;
      try {
        prepared = workload.prepare(n);
      } catch (Exception e) {
        error(System.nanoTime(), "prepare: " + e.getClass().getSimpleName());
        then.run();
        return;
      }
      client.sendAsync(prepared.request(), HttpResponse.BodyHandlers.ofString())
          .whenCompleteAsync((response, failure) -> {
            long end = System.nanoTime();
            long at = byDue ? dueNanos : end;
            String error = prepared.check().judge(response, failure, dueNanos);
            if (error == null && failure != null) {
              error = failureKind(failure);
            }
            if (error != null) {
              error(at, error);
            } else if (inWindow(at)) {
              ok.increment();
              latency.recordValue(Math.max(0, (end - dueNanos) / 1000));
            }
            then.run();
          }, executor);
    }

    Result result() {
      Map<String, Long> byKind = new TreeMap<>();
      kinds.forEach((k, v) -> byKind.put(k, v.sum()));
      return new Result(ok.sum(), errors.sum(), dropped.sum(), (measureTo - measureFrom) / 1e9, latency, byKind);
    }
  }

  /** {@code concurrency} requests in flight for {@code ramp + measure}; counts the measured part. */
  Result closedLoop(Workload workload, int concurrency, Duration ramp, Duration measure) throws InterruptedException {
    Window window = new Window(ramp, measure, false);
    AtomicLong seq = new AtomicLong();
    CountDownLatch done = new CountDownLatch(concurrency);
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> {
      if (System.nanoTime() >= window.measureTo) {
        done.countDown();
        return;
      }
      window.send(workload, seq.getAndIncrement(), System.nanoTime(), loop[0]);
    };
    for (int i = 0; i < concurrency; i++) {
      executor.execute(loop[0]);
    }
    done.await(ramp.plus(measure).toSeconds() + 120, TimeUnit.SECONDS);
    return window.result();
  }

  /**
   * Requests at {@code rate} per second for {@code ramp + measure}; when {@code maxOutstanding}
   * requests are unanswered a due request is dropped (and counted) rather than queued.
   */
  Result openLoop(Workload workload, int rate, Duration ramp, Duration measure, int maxOutstanding)
      throws InterruptedException {
    Window window = new Window(ramp, measure, true);
    AtomicInteger outstanding = new AtomicInteger();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (long i = 0; ; i++) {
      long due = start + i * period;
      if (due >= window.measureTo) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (outstanding.get() >= maxOutstanding) {
        if (window.inWindow(due)) {
          window.dropped.increment();
        }
        continue;
      }
      outstanding.incrementAndGet();
      long n = i;
      executor.execute(() -> window.send(workload, n, due, outstanding::decrementAndGet));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return window.result();
  }

  /** The failure's innermost cause, named by class and message (what the client really hit). */
  static String failureKind(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    return cause.getClass().getSimpleName() + ": " + (message.length() > 60 ? message.substring(0, 60) : message);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
