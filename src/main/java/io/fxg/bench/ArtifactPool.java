package io.fxg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Authorization artifacts the gateway issued during the warm-up, reused by the ungoverned and direct
 * phases so the target does the very same work (request signature, artifact signature and scope)
 * without the client having to forge artifacts. An artifact is lent to one request at a time: the
 * target refuses an execution id that is already running.
 */
final class ArtifactPool {
  /** One issued artifact and the {@code /fxg/execute} body it authorizes. */
  record Artifact(String executionId, String jws, String executeBody) {}

  private final BlockingQueue<Artifact> free;
  private final int capacity;

  ArtifactPool(int capacity) {
    this.capacity = capacity;
    this.free = new ArrayBlockingQueue<>(capacity);
  }

  /** Keeps the artifact of a completed governed execution's view, while there is room. */
  void harvest(JsonNode view) {
    if (free.remainingCapacity() == 0 || !view.path("artifact").isTextual()) {
      return;
    }
    String id = view.path("executionId").asText();
    String resource = view.path("resource").asText();
    long n = Long.parseLong(resource.substring(resource.indexOf('/') + 1));
    String body = "{\"executionId\":\"" + id + "\",\"action\":\"" + view.path("action").asText()
        + "\",\"resource\":\"" + resource + "\",\"parameters\":{\"n\":" + n + "}}";
    free.offer(new Artifact(id, view.path("artifact").asText(), body));
  }

  boolean full() {
    return free.size() >= capacity;
  }

  int size() {
    return free.size();
  }

  Artifact borrow() throws InterruptedException {
    Artifact a = free.poll(10, TimeUnit.SECONDS);
    if (a == null) {
      throw new IllegalStateException("no free artifact (pool of " + capacity + ")");
    }
    return a;
  }

  void giveBack(Artifact artifact) {
    free.offer(artifact);
  }
}
