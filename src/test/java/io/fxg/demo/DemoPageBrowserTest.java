package io.fxg.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.Browser;
import io.fxg.testkit.GatewayFixture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The Runtime Governance Demo page: buttons start executions and show them cut off, live. */
class DemoPageBrowserTest {
  static final AtomicReference<DemoControls> CONTROLS = new AtomicReference<>();
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().onlyIf(Browser::available).routes(context -> {
    CONTROLS.set(new DemoControls(context.system()));
    return CONTROLS.get().route();
  }).build();
  @RegisterExtension
  static final Browser browser = Browser.perClass();
  static ScriptedDemo demo;

  @BeforeAll
  static void attach() {
    if (Browser.available()) {
      demo = new ScriptedDemo(node);
      CONTROLS.get().attach(demo);
    }
  }

  static WebElement card(WebDriver driver, String status) {
    return driver.findElements(By.cssSelector("#tracked article[data-status='" + status + "']")).stream()
        .findFirst().orElse(null);
  }

  @Test
  void buttons_startExecutions_andShowTheCutOffWithItsReason() {
    WebDriver driver = browser.driver();
    driver.get(node.url("/demo"));
    browser.until(d -> "live".equals(d.findElement(By.id("live-state")).getAttribute("data-state")));
    WebElement invoice = browser.until(d -> d.findElement(By.cssSelector("#scenario-buttons button[data-scenario='invoice']")));
    assertEquals(1, driver.findElements(By.cssSelector("#failclosed-buttons button[data-scenario='measurement']")).size());
    assertTrue(driver.findElement(By.id("measurements")).getText().contains("match the reference"));

    invoice.click();
    WebElement completed = browser.until(d -> card(d, "completed"));
    assertTrue(completed.getText().contains("✓ as expected"), completed.getText());

    driver.findElement(By.cssSelector("button[data-scenario='forbidden']")).sendKeys(org.openqa.selenium.Keys.ENTER);
    WebElement denied = browser.until(d -> card(d, "denied"));
    assertTrue(denied.getText().contains("Denied: policy.no-matching-rule"), denied.getText());

    driver.findElement(By.cssSelector("button[data-scenario='measurement']")).click();
    WebElement cut = browser.until(d -> card(d, "interrupted"));
    String text = cut.getText();
    assertTrue(text.contains("Cut off: trust.attestation"), text);
    assertTrue(text.contains("not the reference"), text);
    assertTrue(text.contains("execution.interrupted"), text);
    assertTrue(cut.getAttribute("class").contains("cut"));
    assertEquals(1, cut.findElements(By.cssSelector("li.phase.stopped")).size());
    browser.until(d -> d.findElement(By.id("measurements")).getText().contains("differ from the reference"));
    browser.until(d -> d.findElements(By.cssSelector("#feed li")).size() >= 3);
    browser.screenshot("demo");

    driver.findElement(By.id("reset")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> demo.resets.get() == 1);
    browser.until(d -> d.findElement(By.id("measurements")).getText().contains("match the reference"));
  }
}
