package io.fxg.http;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Admission control for submissions: at most {@code fxg.http.max-pending-submissions} submit
 * requests per node from their body's arrival to their answer (with {@code Prefer: wait}, until
 * the terminal view or the end of the wait). Beyond that the node answers {@code 503} with {@code
 * Retry-After} at once, before checking the signature, so that above capacity the executions it
 * does accept stay fast instead of every one waiting longer, and shedding costs next to nothing.
 */
public final class Admission {
  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();

  public Admission(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("fxg.http.max-pending-submissions must be at least 1, was " + limit);
    }
    this.limit = limit;
  }

  /** Runs {@code work} when under the limit, counting it until its stage completes; else refuses with 503. */
  public <T> CompletionStage<T> admit(Supplier<CompletionStage<T>> work) {
    if (pending.incrementAndGet() > limit) {
      pending.decrementAndGet();
      throw ProblemException.overloaded(limit);
    }
    CompletionStage<T> stage = null;
    try {
      stage = work.get();
      return stage.whenComplete((value, error) -> pending.decrementAndGet());
    } finally {
      if (stage == null) {
        pending.decrementAndGet();
      }
    }
  }

  /** Submissions admitted and not yet answered. */
  public int pending() {
    return pending.get();
  }

  public int limit() {
    return limit;
  }
}
