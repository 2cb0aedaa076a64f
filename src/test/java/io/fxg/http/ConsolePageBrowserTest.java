package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Jwk;
import io.fxg.monitor.ExecutionSupervisor;
import io.fxg.monitor.TrustSignal;
import io.fxg.testkit.Browser;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The Governance Console in headless Chromium against a running node. */
class ConsolePageBrowserTest {
  /** acme's billing-prod, registered where nothing answers, and partner-a's agent-7 (the unsigned caller). */
  static final Federation WEB_DOMAINS = Federation.of().domain("acme", "ACME Billing").domain("partner-a", "Partner A")
      .registered("acme/billing-prod", Jwk.generate(null), "http://127.0.0.1:9", Map.of("image", "sha256:" + "11".repeat(32)), 300)
      .principal("partner-a/agent-7", Jwk.generate(null));
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().federation(WEB_DOMAINS).onlyIf(Browser::available).build();
  @RegisterExtension
  static final Browser browser = Browser.perClass();

  static By row(String id) {
    return By.cssSelector("#executions tr[data-execution='" + id + "']");
  }

  static String rowStatus(WebDriver driver, String id) {
    return driver.findElements(row(id)).stream().findFirst().map(r -> r.getAttribute("data-status")).orElse(null);
  }

  @Test
  void console_showsExecutionsAsTheyHappen_withoutReload() {
    WebDriver driver = browser.driver();
    String earlier = node.submit("invoice.create", "invoices/earlier");
    node.awaitStatus(earlier, "completed");
    driver.get(node.url("/"));
    browser.until(d -> "live".equals(d.findElement(By.id("live-state")).getAttribute("data-state")));
    browser.until(d -> "completed".equals(rowStatus(d, earlier)));
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.fxgNotReloaded = true");

    String completed = node.submit("invoice.create", "invoices/2026-11");
    String denied = node.submit("invoice.delete", "invoices/2026-01");
    String running = node.submit("report.generate", "reports/2026-11");
    browser.until(d -> "completed".equals(rowStatus(d, completed)));
    browser.until(d -> "denied".equals(rowStatus(d, denied)));
    browser.until(d -> "running".equals(rowStatus(d, running)));

    WebElement phases = driver.findElement(row(completed)).findElement(By.cssSelector("ol.phases"));
    assertTrue(phases.getAttribute("aria-label").startsWith("phase 6 of 8"), phases.getAttribute("aria-label"));
    assertEquals(6, phases.findElements(By.cssSelector("li.done")).size());
    assertEquals(1, driver.findElement(row(running)).findElements(By.cssSelector("li.phase.current")).size());
    browser.until(d -> d.findElement(By.cssSelector("#recent li[data-execution='" + denied + "']"))
        .getText().contains("policy.no-matching-rule"));

    node.node().supervisor().tell(new ExecutionSupervisor.Publish(new TrustSignal(TrustSignal.Scope.ENVIRONMENT,
        "acme/billing-prod", "trust.attestation", "image measurement changed", "browser-test", null)));
    browser.until(d -> "interrupted".equals(rowStatus(d, running)));
    WebElement cut = browser.until(d -> d.findElement(By.cssSelector("#recent li[data-execution='" + running + "']")));
    assertTrue(cut.getText().contains("trust.attestation"), cut.getText());
    assertEquals(1, driver.findElement(row(running)).findElements(By.cssSelector("li.phase.stopped")).size());
    assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.fxgNotReloaded"));
    browser.until(d -> d.findElement(By.cssSelector("#federation-signature")).getText().contains("signature verified"));
    WebElement environment = browser.until(d -> d.findElement(By.cssSelector("li[data-environment='acme/billing-prod']")));
    browser.until(d -> d.findElement(By.cssSelector("li[data-environment='acme/billing-prod']")).getText().contains("trust.attestation"));
    assertTrue(driver.findElement(By.cssSelector("li[data-domain='partner-a']")).getText().contains("Partner A"));
    Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertEquals(0L, ((Number) overflow).longValue(), "the console scrolls sideways on a laptop screen");
    browser.screenshot("console");
  }

  @Test
  void console_filters_byStatusAndReason() {
    WebDriver driver = browser.driver();
    String completed = node.submit("invoice.create", "invoices/filter-a");
    String denied = node.submit("invoice.delete", "invoices/filter-b");
    node.awaitStatus(denied, "denied");
    node.awaitStatus(completed, "completed");
    driver.get(node.url("/"));
    browser.until(d -> "denied".equals(rowStatus(d, denied)) && "completed".equals(rowStatus(d, completed)));

    new Select(driver.findElement(By.id("filter-status"))).selectByValue("denied");
    // A row is replaced when a live update arrives (its proof): check it inside the wait, found afresh.
    browser.until(d -> !d.findElement(row(completed)).isDisplayed() && d.findElement(row(denied)).isDisplayed());

    driver.findElement(By.cssSelector("#filters button[type='reset']")).click();
    browser.until(d -> d.findElement(row(completed)).isDisplayed());
    WebElement reason = driver.findElement(By.id("filter-reason"));
    reason.sendKeys("policy.no-matching-rule");
    browser.until(d -> !d.findElement(row(completed)).isDisplayed() && d.findElement(row(denied)).isDisplayed());

    new Select(driver.findElement(By.id("filter-domain"))).selectByValue("acme");
    browser.until(d -> d.findElement(row(denied)).isDisplayed());
    assertFalse(driver.findElement(By.id("executions-caption")).getText().isBlank());
  }

  @Test
  void console_linksEachExecutionToItsLineage_byKeyboard() {
    WebDriver driver = browser.driver();
    String id = node.submit("invoice.create", "invoices/keyboard");
    node.awaitStatus(id, "completed");
    driver.get(node.url("/"));
    WebElement link = browser.until(d -> d.findElement(row(id)).findElement(By.cssSelector("a[href='/lineage/" + id + "']")));
    link.sendKeys(org.openqa.selenium.Keys.ENTER);
    browser.until(d -> d.getCurrentUrl().endsWith("/lineage/" + id));
  }
}
