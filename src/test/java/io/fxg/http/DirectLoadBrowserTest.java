package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.Browser;
import io.fxg.testkit.GatewayFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page opened by its URL in a fresh browser profile (nothing cached, no page visited before)
 * shows its content within 2 s of the page's load: a reader who follows a link to
 * {@code /lineage/{id}} or bookmarks a page sees the data, not "Loading…". The event stream
 * ({@code /v1/events}) is blocked in these browsers: its hello can come late or never (a proxy
 * that buffers, six connections per host already open, {@code chromium --headless --screenshot}
 * capturing at the load event), and a page must not wait for it to read the API. The Lineage
 * Explorer and the Console did: they read only once the hello had arrived.
 */
class DirectLoadBrowserTest {
  private static final Duration WITHIN = Duration.ofSeconds(2);
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().onlyIf(Browser::available).build();
  static String execution;

  @BeforeAll
  static void start() {
    if (!Browser.available()) {
      return;
    }
    execution = node.submit("invoice.create", "invoices/direct-load");
    node.awaitStatus(execution, "completed");
  }

  @BeforeEach
  void requireBrowser() {
    Browser.assumeAvailable();
  }

  @Test
  void lineageExplorer_openedByUrl_showsTheRecordChain() {
    opened("/lineage/" + execution, "direct-lineage", d -> {
      boolean chain = d.findElement(By.id("chain-status")).getText().contains("every hash recomputed");
      return chain && d.findElement(By.id("execution")).getText().contains("invoices/direct-load")
          && !d.findElements(By.cssSelector("#graph svg.graph")).isEmpty();
    });
  }

  @Test
  void console_openedByUrl_listsTheExecution() {
    opened("/", "direct-console", d -> !d.findElements(By.cssSelector("#executions tbody tr")).isEmpty()
        && d.findElement(By.id("executions")).getText().contains(execution)
        && !d.findElement(By.id("policy")).getText().contains("Loading"));
  }

  @Test
  void healthDashboard_openedByUrl_showsReadiness() {
    opened("/health-dashboard", "direct-health",
        d -> "true".equals(d.findElement(By.id("ready-state")).getAttribute("data-ready")));
  }

  @Test
  void proofViewer_openedByUrlWithAnId_showsAVerdict() {
    opened("/proof?id=" + execution, "direct-proof", d -> {
      WebElement verdict = d.findElement(By.id("verdict"));
      return !verdict.getText().isBlank() && !verdict.getText().contains("Fetching");
    });
  }

  @Test
  void demoPage_openedByUrl_saysWhereTheControlsAre() {
    opened("/demo", "direct-demo", d -> d.findElement(By.id("demo-unavailable")).isDisplayed());
  }

  /** Opens path in a new browser with a fresh profile and expects shown within 2 s of the load. */
  private static void opened(String path, String screenshot, Function<WebDriver, Boolean> shown) {
    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      ChromeDriver chrome = (ChromeDriver) driver;
      chrome.executeCdpCommand("Network.enable", Map.of());
      chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/v1/events*")));
      driver.get(node.url(path));
      try {
        new WebDriverWait(driver, WITHIN).until(shown::apply);
      } catch (TimeoutException e) {
        browser.screenshot(screenshot + "-failed");
        List<LogEntry> logs = driver.manage().logs().get(LogType.BROWSER).getAll();
        throw new AssertionError(path + " opened by URL did not show its content within " + WITHIN.toMillis()
            + " ms; browser console: " + logs.stream().map(LogEntry::toString).collect(Collectors.joining("; ")), e);
      }
      browser.screenshot(screenshot);
      assertTrue(driver.findElements(By.cssSelector(".notice.error")).isEmpty(), path + " shows an error notice");
    }
  }
}
