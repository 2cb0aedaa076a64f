package io.fxg.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code notifications/cancelled} an MCP tool server received, by request id: a running tool
 * waits on its own ({@link #await}) and stops; tests and the demo read {@link #received()}. The
 * SDK's server (2.2.0) does not act on the notification itself, so {@link McpToolServer} notes it
 * here on its way in. fxg's gateway uses the execution id as both request id and progress token,
 * which is how a tool finds the cancellation meant for it.
 */
public final class Cancellations {
  /** Ids remembered at most; older ones are forgotten first. */
  static final int MAX_REMEMBERED = 1024;

  /** One cancellation: the request id and the reason given. */
  public record Cancelled(String requestId, String reason) {}

  private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
  private final List<Cancelled> received = new CopyOnWriteArrayList<>();

  void cancelled(String requestId, String reason) {
    if (received.size() >= MAX_REMEMBERED) {
      received.remove(0);
    }
    received.add(new Cancelled(requestId, reason));
    latch(requestId).countDown();
  }

  /** True once the request was cancelled, waiting at most {@code timeout}. */
  public boolean await(String requestId, Duration timeout) throws InterruptedException {
    boolean cancelled = latch(requestId).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (cancelled || latches.size() > MAX_REMEMBERED) {
      latches.remove(requestId);
    }
    return cancelled;
  }

  public List<Cancelled> received() {
    return List.copyOf(received);
  }

  private CountDownLatch latch(String requestId) {
    return latches.computeIfAbsent(requestId, id -> new CountDownLatch(1));
  }
}
