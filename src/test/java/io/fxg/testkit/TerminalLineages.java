package io.fxg.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits, from outside a gateway, until executions are terminal, and reads each one's lineage.
 * Only a {@code 200} counts: a {@code 503} or a time-out while a node restarts or the machine is
 * loaded is asked again at the next poll, never read as an execution without records.
 */
public final class TerminalLineages {
  /** A signed or test-header GET of a path, as the caller's client makes it. */
  @FunctionalInterface
  public interface Get {
    HttpResponse<String> get(String path) throws Exception;
  }

  private TerminalLineages() {}

  /** Each execution's lineage once its view says it is neither pending nor running. */
  public static Map<String, JsonNode> await(Get http, List<String> ids, Duration atMost) {
    Map<String, JsonNode> terminal = new ConcurrentHashMap<>();
    try {
      Awaitility.await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
        for (String id : ids) {
          if (!terminal.containsKey(id)) {
            readIfTerminal(http, id).ifPresent(lineage -> terminal.put(id, lineage));
          }
        }
        return terminal.size() == ids.size();
      });
    } catch (ConditionTimeoutException e) {
      List<String> open = ids.stream().filter(id -> !terminal.containsKey(id)).toList();
      throw new AssertionError(open.size() + " executions not terminal: " + open, e);
    }
    return terminal;
  }

  private static Optional<JsonNode> readIfTerminal(Get http, String id) {
    try {
      HttpResponse<String> view = http.get("/v1/executions/" + id);
      String status = view.statusCode() == 200 ? Json.parse(view.body()).path("status").asText() : "";
      if (status.isEmpty() || status.equals("pending") || status.equals("running")) {
        return Optional.empty();
      }
      HttpResponse<String> lineage = http.get("/v1/executions/" + id + "/lineage");
      return lineage.statusCode() == 200 ? Optional.of(Json.parse(lineage.body())) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty(); // not readable yet (its shard is starting): asked again at the next poll
    }
  }
}
