package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One execution running on this target: its request, its cancellation state and its report channel.
 * Reports carry a strictly increasing {@code seq}; nothing is reported after a terminal report or
 * after cancellation (the gateway has already interrupted the execution). Thread-safe.
 */
public final class ExecutionContext {
  private static final System.Logger LOG = System.getLogger(ExecutionContext.class.getName());

  private final ActionRequest request;
  private final ReportSink reports;
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private final AtomicReference<String> cancelReason = new AtomicReference<>();
  // Written only inside send(); volatile so lastSeq() need not wait for a report in flight.
  private volatile long seq;
  private boolean finished;

  ExecutionContext(ActionRequest request, ReportSink reports) {
    this.request = request;
    this.reports = reports;
  }

  public ActionRequest request() {
    return request;
  }

  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  public Optional<String> cancelReason() {
    return Optional.ofNullable(cancelReason.get());
  }

  /** Waits up to {@code timeout} for cancellation; true if cancelled. A cancellable pause. */
  public boolean awaitCancellation(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Reports progress, listing the execution's own action as performed. */
  public void progress(JsonNode detail) {
    progress(detail, List.of(ownAction()));
  }

  /** Reports progress with the actions performed since the last report. */
  public void progress(JsonNode detail, List<ActionRef> actions) {
    send(Report.Status.RUNNING, actions, detail, null);
  }

  /** Sequence number of the last report sent, 0 before the first. */
  public long lastSeq() {
    return seq;
  }

  void complete(JsonNode result) {
    send(Report.Status.COMPLETED, List.of(ownAction()), result, null);
  }

  void fail(String error) {
    send(Report.Status.FAILED, List.of(), null, error);
  }

  /** Flips the execution to cancelled; false if it already was. */
  boolean cancel(String reason) {
    if (!cancelReason.compareAndSet(null, reason == null ? "cancelled" : reason)) {
      return false;
    }
    cancelled.countDown();
    return true;
  }

  private ActionRef ownAction() {
    return new ActionRef(request.action(), request.resource());
  }

  // Synchronized so seq order is send order; a slow gateway delays only this execution.
  private synchronized void send(
      Report.Status status, List<ActionRef> actions, JsonNode result, String error) {
    if (finished || isCancelled()) {
      return;
    }
    finished = status != Report.Status.RUNNING;
    seq = seq + 1;
    Report report = new Report(seq, status, actions, result, error);
    try {
      reports.report(request.executionId(), report);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "report "
              + report.seq()
              + " of "
              + request.executionId()
              + " not delivered: "
              + e.getMessage());
    }
  }
}
