package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.Browser;
import io.fxg.testkit.GatewayFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The health dashboard, and the pages' shared frame (navigation, keyboard, no demo here). */
class HealthDashboardBrowserTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().onlyIf(Browser::available).build();
  @RegisterExtension
  static final Browser browser = Browser.perClass();

  @Test
  void dashboard_showsReadiness_members_journal_andChartsFromMetrics() {
    WebDriver driver = browser.driver();
    String completed = node.submit("invoice.create", "invoices/health");
    node.submit("invoice.delete", "invoices/health-denied");
    node.awaitStatus(completed, "completed");
    driver.get(node.url("/health-dashboard"));
    browser.until(d -> "true".equals(d.findElement(By.id("ready-state")).getAttribute("data-ready")));
    List<WebElement> checks = driver.findElements(By.cssSelector("#ready-checks li[data-ok='true']"));
    assertTrue(checks.stream().anyMatch(c -> c.getAttribute("data-check").equals("journal-writable")));
    assertEquals(1, driver.findElements(By.cssSelector("#members tbody tr")).size());
    browser.until(d -> d.findElement(By.id("journal-latency")).getText().contains("writes"));
    browser.until(d -> d.findElements(By.cssSelector("#throughput-chart svg.chart polyline")).size() == 3);
    node.submit("invoice.create", "invoices/health-2");
    node.submit("invoice.create", "invoices/health-3");
    browser.until(d -> d.findElement(By.cssSelector("#throughput-chart polyline")).getAttribute("points").split(" ").length >= 3);
    browser.until(d -> d.findElements(By.cssSelector("#latency-chart svg.chart polyline")).size() == 2);
    String outcomes = driver.findElement(By.id("outcome-table")).getText();
    assertTrue(outcomes.contains("policy.no-matching-rule"), outcomes);
    assertTrue(driver.findElement(By.id("phase-table")).getText().contains("RUNTIME_VERIFICATION"));
    String label = driver.findElement(By.cssSelector("#throughput-chart svg")).getAttribute("aria-label");
    assertTrue(label.startsWith("Throughput: latest records/s"), label);
    browser.screenshot("health-dashboard");
  }

  @Test
  void everyPage_hasTheNavigation_andASkipLinkForKeyboards() {
    WebDriver driver = browser.driver();
    for (String path : List.of("/", "/demo", "/proof", "/health-dashboard", "/lineage/01anything")) {
      driver.get(node.url(path));
      assertEquals(4, driver.findElements(By.cssSelector("header nav a")).size(), path);
      driver.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
      WebElement focused = driver.switchTo().activeElement();
      assertEquals("Skip to content", focused.getText(), path);
      assertFalse(driver.findElement(By.tagName("h1")).getText().isBlank(), path);
      assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
      Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertEquals(0L, ((Number) overflow).longValue(), path + " scrolls sideways on a laptop screen");
    }
  }

  @Test
  void demoPage_onANodeWithoutTheDemo_explainsWhereTheControlsAre() {
    WebDriver driver = browser.driver();
    driver.get(node.url("/demo"));
    WebElement notice = browser.until(d -> {
      WebElement n = d.findElement(By.id("demo-unavailable"));
      return n.isDisplayed() ? n : null;
    });
    assertTrue(notice.getText().contains("scripts/fxg demo"), notice.getText());
    assertFalse(driver.findElement(By.id("reset")).isEnabled());
  }
}
