package io.fxg.http;

import static io.fxg.testkit.Peering.policy;
import static io.fxg.testkit.Peering.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import io.fxg.testkit.Browser;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console and the Lineage Explorer across two gateways in one JVM (SPEC section 13): gw-a
 * serves the caller partner-a/agent-7 and forwards its executions on acme to gw-b, which governs
 * acme and runs acme/billing-prod. Both read publicly, as under {@code scripts/fxg demo}.
 */
class PeerGatewaysBrowserTest {
  static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
  static final Jwk BILLING = Jwk.generate("acme/billing-prod");
  static final String OBLIGATIONS = """
      "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
        "maxDelegationDepth": 0, "freshAttestation": false}""";

  @RegisterExtension
  static final GatewayFixture b = GatewayFixture.builder().publicReads().onlyIf(Browser::available)
      .federation(Federation.of().environment(BILLING, 2))
      .policy(policy("""
          {"id": "from-gw-a", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*", "peer": "gw-a"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*"], "resources": ["invoices/*"],""" + OBLIGATIONS + "}"))
      .config("fxg.peers.name = gw-b\nfxg.log.origin = \"gw-b.test/log\"")
      .build();
  @RegisterExtension
  static final GatewayFixture a = GatewayFixture.builder().publicReads().onlyIf(Browser::available)
      .federation(Federation.of().principal(AGENT))
      .policy(policy("""
          {"id": "to-acme", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*"], "resources": ["invoices/*"],""" + OBLIGATIONS + "}"))
      .config("fxg.peers.name = gw-a\nfxg.log.origin = \"gw-a.test/log\"")
      .build();
  @RegisterExtension
  static final Browser browser = Browser.perClass();

  @BeforeAll
  static void peersRegisteredBothWays() {
    Assumptions.assumeTrue(Browser.available(), "browser tests need Chromium");
    register(a, "gw-b", b);
    register(b, "gw-a", a);
  }



  /** One execution on gw-a, forwarded to gw-b and completed there; its id and its child's. */
  static String[] crossGatewayExecution() {
    HttpResponse<String> submitted = a.calls().signed(AGENT.signer().orElseThrow(), "POST", "/v1/executions",
        "{\"target\": {\"domain\": \"acme\", \"environment\": \"billing-prod\"}, \"action\": \"invoice.create\","
            + " \"resource\": \"invoices/2026-12\", \"parameters\": {\"amount\": 250}}", "Prefer", "wait=10");
    JsonNode done = HttpCalls.json(submitted);
    assertEquals("completed", done.path("status").asText(), submitted.body());
    String id = done.path("executionId").asText();
    String child = HttpCalls.json(a.http().get("/v1/executions/" + id)).path("peer").path("executionId").asText();
    assertTrue(!child.isEmpty(), "gw-a's view names the child on gw-b");
    // The console's list reads the index, which folds the link in journal order.
    JsonNode listed = await().atMost(Duration.ofSeconds(10)).until(() -> summary(id).path("peer"),
        peer -> child.equals(peer.path("executionId").asText()));
    assertEquals("gw-b", listed.path("name").asText());
    assertEquals("child", listed.path("role").asText());
    return new String[] {id, child};
  }

  static JsonNode summary(String id) {
    for (JsonNode s : HttpCalls.json(a.http().get("/v1/executions?limit=50")).path("executions")) {
      if (id.equals(s.path("executionId").asText())) {
        return s;
      }
    }
    return Json.object();
  }

  /** A link as rendered, read in one pass: its text, the text around it and where it points. */
  record Link(String text, String context, String href) {}

  static Link link(WebDriver driver, String contextCss) {
    WebElement context = driver.findElement(By.cssSelector(contextCss));
    WebElement anchor = context.findElement(By.tagName("a"));
    return new Link(anchor.getText(), context.getText(), anchor.getAttribute("href"));
  }

  @Test
  void crossGatewayExecution_isLinkedFromTheConsoleAndTheExplorer_toThePeersExplorer() {
    WebDriver driver = browser.driver();
    String[] ids = crossGatewayExecution();
    String id = ids[0];
    String child = ids[1];

    // gw-a has cosigned gw-b's log at least once before the page loads (it witnesses every second).
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> HttpCalls.json(
        a.http().get("/v1/console/peers")).path("peers").get(0).path("witness").path("size").asLong(-1) >= 0);
    driver.get(a.url("/"));
    String peerRow = "#peer-gateways tr[data-peer='gw-b']";
    Link console = browser.until(d -> link(d, peerRow));
    assertEquals(b.url("/"), console.href());
    assertTrue(console.context().contains("acme"), console.context());
    assertTrue(console.context().contains("registered"), console.context());
    assertTrue(console.context().contains("consistent"), "the witness state of gw-b's log: " + console.context());
    Link forwarded = browser.until(d -> {
      Link l = link(d, "#executions tr[data-execution='" + id + "'] [data-peer-role='child']");
      return l.href().endsWith("/lineage/" + child) ? l : null;
    });
    assertEquals("→ gw-b", forwarded.context());
    assertEquals(b.url("/lineage/" + child), forwarded.href());
    browser.screenshot("console-peers");

    driver.get(a.url("/lineage/" + id));
    Link toChild = browser.until(d -> link(d, "#peer-link[data-peer-role='child']"));
    assertEquals(b.url("/lineage/" + child), toChild.href());
    assertTrue(toChild.context().startsWith("forwarded to gw-b"), toChild.context());
    Link record = browser.until(d -> link(d, "#chain .forwarded[data-forwarded-to='gw-b']"));
    assertTrue(record.context().startsWith("forwarded to gw-b"), record.context());
    assertEquals(b.url("/lineage/" + child), record.href());
    browser.until(d -> d.findElements(By.cssSelector("svg.graph a.remote[data-peer='gw-b']")).size() == 1);
    browser.screenshot("lineage-forwarded");

    // The header re-renders on live updates (a proof arriving): click it afresh if it was replaced.
    browser.until(d -> {
      d.findElement(By.cssSelector("#peer-link a")).click();
      return true;
    });
    browser.until(d -> d.getCurrentUrl().equals(b.url("/lineage/" + child)));
    browser.until(d -> d.findElement(By.id("chain-status")).getText().contains("every hash recomputed"));
    Link toParent = browser.until(d -> link(d, "#peer-link[data-peer-role='parent']"));
    assertTrue(toParent.context().startsWith("forwarded from gw-a"), toParent.context());
    assertEquals(a.url("/lineage/" + id), toParent.href());
    String childHeading = browser.until(d -> d.findElement(By.id("execution-heading")).getText());
    assertTrue(childHeading.contains(child), childHeading);
    browser.until(d -> d.findElements(By.cssSelector("svg.graph a.remote[data-peer='gw-a']")).size() == 1);
    browser.screenshot("lineage-from-peer");
  }
}
