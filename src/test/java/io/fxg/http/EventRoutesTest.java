package io.fxg.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.execution.ExecutionFeed;
import io.fxg.execution.ExecutionIndex;
import io.fxg.monitor.ExecutionSupervisor;
import io.fxg.monitor.TrustSignal;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/events}: live lineage updates for the console, from the journal. */
class EventRoutesTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().build();

  /** An open event stream whose lines are collected as they arrive. */
  record EventStream(HttpResponse<Stream<String>> response, List<String> lines) implements AutoCloseable {
    static EventStream open(int port, String... headers) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"));
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.ofLines());
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
      reader.setDaemon(true);
      reader.start();
      return new EventStream(response, lines);
    }

    /** The data of the first event of this name whose JSON satisfies the test, waiting for it. */
    JsonNode next(String event, java.util.function.Predicate<JsonNode> test) {
      JsonNode[] found = new JsonNode[1];
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        for (int i = 0; i + 1 < lines.size(); i++) {
          if (lines.get(i).equals("event: " + event) && lines.get(i + 1).startsWith("data: ")) {
            JsonNode data = Json.parse(lines.get(i + 1).substring(6));
            if (test.test(data)) {
              found[0] = data;
              return true;
            }
          }
        }
        return false;
      });
      return found[0];
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  @Test
  void stream_saysHello_thenEachRecordWithTheExecutionsSummary() throws Exception {
    try (EventStream events = EventStream.open(node.node().httpPort())) {
      assertEquals(200, events.response().statusCode());
      assertTrue(events.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      assertEquals("no-cache", events.response().headers().firstValue("Cache-Control").orElse(""));
      events.next("hello", data -> data.has("node"));
      String id = node.submit("invoice.create", "invoices/sse");
      JsonNode intent = events.next("execution", d -> d.path("chain").asText().equals(id) && d.path("seq").asInt() == 1);
      assertEquals("intent.received", intent.path("type").asText());
      assertEquals("pending", intent.at("/execution/status").asText());
      JsonNode done = events.next("execution", d -> d.path("chain").asText().equals(id)
          && d.at("/execution/status").asText().equals("completed"));
      assertEquals("partner-a/agent-7", done.at("/execution/caller").asText());
      assertEquals("acme/billing-prod", done.at("/execution/target").asText());
      assertEquals(64, done.path("hash").asText().length());
    }
  }

  @Test
  void anExecutionBegunBeforeTheStream_arrivesWithItsFullSummary() throws Exception {
    String running = node.submit("report.generate", "reports/sse-before");
    node.awaitStatus(running, "running");
    try (EventStream events = EventStream.open(node.node().httpPort())) {
      events.next("hello", data -> true);
      node.node().supervisor().tell(new ExecutionSupervisor.Publish(new TrustSignal(TrustSignal.Scope.ARTIFACT,
          running, "trust.revoked", "artifact revoked by the test", "test", null)));
      JsonNode cut = events.next("execution", d -> d.path("chain").asText().equals(running)
          && d.path("type").asText().equals("execution.interrupted"));
      assertEquals("interrupted", cut.at("/execution/status").asText());
      assertEquals("trust.revoked", cut.at("/execution/reason").asText());
      assertEquals("artifact revoked by the test", cut.path("detail").asText());
      assertEquals("partner-a/agent-7", cut.at("/execution/caller").asText());
      assertEquals("report.generate", cut.at("/execution/action").asText());
    }
  }

  @Test
  void withoutPublicReads_anUnsignedClientIsRefused() {
    try (GatewayFixture closed = GatewayFixture.builder().stubbed().start()) {
      HttpResponse<String> refused = closed.http().get("/v1/events");
      assertEquals(401, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
  }

  @Test
  void aSignedDomain_seesOnlyItsOwnExecutions_andItsOwnDomainRecords() {
    ExecutionIndex.Summary partnerA = new ExecutionIndex.Summary("e1", "running", 5, "partner-a/agent-7",
        "acme/billing-prod", "report.generate", "reports/1", null, "t", "t", null);
    ExecutionFeed.Update update = new ExecutionFeed.Update("e1", 5, "execution.started", 5, "t", "h", null, partnerA);
    assertTrue(EventRoutes.visibleTo("partner-a", update));
    assertTrue(EventRoutes.visibleTo("acme", update));
    assertFalse(EventRoutes.visibleTo("partner-b", update));
    assertTrue(EventRoutes.visibleTo("partner-b", new ExecutionFeed.Update("policy", 2, "policy.installed", 2, "t", "h", null, null)));
    assertTrue(EventRoutes.visibleTo("partner-b", new ExecutionFeed.Update("domain:partner-b", 2, "domain.updated", 0, "t", "h", null, null)));
    assertFalse(EventRoutes.visibleTo("partner-b", new ExecutionFeed.Update("domain:acme", 2, "domain.updated", 0, "t", "h", null, null)));
    assertFalse(EventRoutes.visibleTo("partner", update), "a domain name prefix is not the domain");
  }
}
