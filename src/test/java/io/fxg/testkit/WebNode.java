package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import io.fxg.cluster.GatewayNode;
import io.fxg.cluster.NodeContext;
import io.fxg.serialization.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A node for browser tests: stub seams, unsigned test calls and public reads (the browser signs
 * nothing), on a fresh in-memory journal; with helpers to submit executions as partner-a.
 */
public final class WebNode implements AutoCloseable {
  public static final String CALLER = "partner-a/agent-7";

  private final GatewayNode node;
  private final HttpCalls http;

  private WebNode(GatewayNode node) {
    this.node = node;
    this.http = new HttpCalls(node.httpPort());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
  }

  public static WebNode start() {
    return start(context -> null);
  }

  public static WebNode start(Function<NodeContext, Route> extraRoutes) {
    return new WebNode(GatewayNode.start(TestNodes.config("fxg.http.allow-unsigned = on\nfxg.http.public-read = on"),
        StubServices.permitting(), extraRoutes));
  }

  public GatewayNode node() {
    return node;
  }

  public HttpCalls http() {
    return http;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

  /** Submits as partner-a to acme/billing-prod and returns the execution id. */
  public String submit(String action, String resource) {
    return submit(action, resource, null);
  }

  /** The same, as a child of {@code parentArtifact} when it is not null. */
  public String submit(String action, String resource, String parentArtifact) {
    String body = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},\"action\":\"" + action
        + "\",\"resource\":\"" + resource + "\",\"parameters\":{\"amount\":250}"
        + (parentArtifact == null ? "" : ",\"parent\":\"" + parentArtifact + "\"") + "}";
    HttpResponse<String> response = http.post("/v1/executions", body, "Fxg-Test-Caller", CALLER);
    if (response.statusCode() != 202 && response.statusCode() != 200) {
      throw new IllegalStateException("submit refused: " + response.statusCode() + " " + response.body());
    }
    return HttpCalls.json(response).get("executionId").asText();
  }

  /** Registers acme (environment billing-prod) and partner-a (principal agent-7) as an admin. */
  public void registerDomains() {
    String acme = "{\"displayName\":\"ACME Billing\",\"principals\":[],\"environments\":[{\"id\":\"billing-prod\","
        + "\"endpoint\":\"http://127.0.0.1:9\",\"jwk\":" + publicJwk() + ",\"referenceMeasurements\":{\"image\":\"sha256:"
        + "11".repeat(32) + "\"},\"attestEverySeconds\":300}]}";
    String partner = "{\"displayName\":\"Partner A\",\"principals\":[{\"id\":\"agent-7\",\"jwk\":" + publicJwk()
        + ",\"roles\":[\"invoker\"]}],\"environments\":[]}";
    for (String[] domain : new String[][] {{"acme", acme}, {"partner-a", partner}}) {
      HttpResponse<String> response = http.send("PUT", "/v1/admin/domains/" + domain[0], domain[1], "Fxg-Test-Caller", "admin/root");
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("domain refused: " + response.statusCode() + " " + response.body());
      }
    }
  }

  private static String publicJwk() {
    return Json.write(io.fxg.crypto.Jwk.generate(null).publicOnly().toPublicJson().without("kid"));
  }

  /** Waits until the execution has the status. */
  public void awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> status.equals(HttpCalls.json(http.get("/v1/executions/" + id)).path("status").asText()));
  }

  @Override
  public void close() {
    node.close();
  }
}
