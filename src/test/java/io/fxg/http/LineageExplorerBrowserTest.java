package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Encoding;
import io.fxg.execution.Execution;
import io.fxg.testkit.Browser;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The Lineage Explorer: the record chain checked in the browser and the parent/child graph. */
class LineageExplorerBrowserTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().onlyIf(Browser::available).build();
  @RegisterExtension
  static final Browser browser = Browser.perClass();

  /** A parent artifact as the child's request carries it; only its jti is read for linking. */
  static String artifactNaming(String jti) {
    String header = Encoding.b64url("{\"alg\":\"EdDSA\",\"typ\":\"fxg-authz+jwt\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Encoding.b64url(("{\"jti\":\"" + jti + "\"}").getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2ln";
  }

  @Test
  void lineage_showsVerifiedChain_andNavigatesTheDelegationGraph() {
    WebDriver driver = browser.driver();
    String parent = node.submit("report.generate", "reports/2026-11");
    node.awaitStatus(parent, "running");
    String child = node.submit("invoice.create", "invoices/child", artifactNaming(parent));
    String grandchild = node.submit("invoice.create", "invoices/grandchild", artifactNaming(child));
    ClusterSharding sharding = ClusterSharding.get(node.node().system());
    sharding.entityRefFor(Execution.TYPE_KEY, parent).tell(new Execution.LinkChild(child));
    sharding.entityRefFor(Execution.TYPE_KEY, child).tell(new Execution.LinkChild(grandchild));
    node.awaitStatus(grandchild, "completed");
    int records = HttpCalls.json(node.http().get("/v1/executions/" + child + "/lineage")).get("records").size();

    driver.get(node.url("/lineage/" + child));
    browser.until(d -> d.findElement(By.id("chain-status")).getText().contains("every hash recomputed"));
    // The chain re-renders on live updates (a proof arriving): read it in one pass, again if it was replaced
    // meanwhile (until ignores a stale element and tries again).
    Chain chain = browser.until(d -> {
      List<WebElement> items = d.findElements(By.cssSelector("#chain > li"));
      return new Chain(items.size(), items.get(0).getAttribute("data-type"), items.get(0).getText(),
          d.findElements(By.cssSelector("#chain > li.bad")).size());
    });
    assertTrue(chain.size() >= records, chain.size() + " < " + records);
    assertEquals("intent.received", chain.firstType());
    assertEquals(0, chain.bad());
    assertTrue(chain.firstText().contains("0".repeat(64)), "seq 1 links to genesis");

    browser.until(d -> d.findElements(By.cssSelector("svg.graph a[data-execution]")).size() == 3);
    String label = browser.until(d -> d.findElement(By.cssSelector("svg.graph a.current")).getAttribute("aria-label"));
    assertTrue(label.startsWith(child + ": partner-a to acme"), label);
    assertTrue(driver.findElement(By.id("execution")).getText().contains("invoices/child"));
    browser.screenshot("lineage");

    // The graph re-renders on live updates (a proof arriving): find the node afresh if it was replaced.
    // (until ignores a stale element and tries again)
    browser.until(d -> {
      d.findElement(By.cssSelector("svg.graph a[data-execution='" + parent + "']")).sendKeys(Keys.ENTER);
      return true;
    });
    browser.until(d -> d.getCurrentUrl().endsWith("/lineage/" + parent));
    browser.until(d -> d.findElement(By.cssSelector("svg.graph a.current")).getAttribute("data-execution").equals(parent));

    node.http().post("/v1/executions/" + parent + "/cancel", null, "Fxg-Test-Caller", GatewayFixture.CALLER);
    browser.until(d -> d.findElement(By.id("execution")).getText().contains("interrupted"));
    browser.until(d -> d.findElements(By.cssSelector("#chain > li[data-type='execution.interrupted']")).size() == 1);
  }

  @Test
  void lineage_ofAnUnknownExecution_saysSo() {
    WebDriver driver = browser.driver();
    driver.get(node.url("/lineage/01nosuchexecution"));
    WebElement notice = browser.until(d -> d.findElement(By.cssSelector("#execution .notice.error")));
    assertTrue(notice.getText().contains("01nosuchexecution"), notice.getText());
  }

  /** The rendered chain, read in one pass: how many records, the first one's type and text, how many marked bad. */
  record Chain(int size, String firstType, String firstText, int bad) {}
}
