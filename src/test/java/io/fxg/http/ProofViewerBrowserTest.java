package io.fxg.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.proof.ProofBundleVerifier;
import io.fxg.serialization.Json;
import io.fxg.testkit.Browser;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.ProofBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The Proof Viewer verifies bundles in the browser; its checks must say exactly what the Java
 * offline verifier ({@code scripts/fxg verify}) says, line for line, on good and tampered bundles.
 */
class ProofViewerBrowserTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().onlyIf(Browser::available).build();
  @RegisterExtension
  static final Browser browser = Browser.perClass();
  static final ProofBundles BUNDLES = new ProofBundles();
  static ObjectNode family;

  @BeforeAll
  static void start() {
    if (!Browser.available()) {
      return;
    }
    family = BUNDLES.parentWithChild("01proofparent", "01proofchild").toJson();
  }

  static List<String> shownChecks(WebDriver driver) {
    return driver.findElements(By.cssSelector("#checks tbody tr")).stream()
        .map(row -> row.getAttribute("data-status") + " " + row.getAttribute("data-check") + ": "
            + row.findElements(By.tagName("td")).get(2).getText())
        .collect(Collectors.toList());
  }

  static List<String> javaChecks(String json, ProofBundleVerifier verifier) {
    return Arrays.asList(verifier.verify(json).report().split("\n"));
  }

  /** Pastes the JSON, presses Verify, and waits until the browser's checks equal the Java ones. */
  static void verifyPasted(WebDriver driver, String json, ProofBundleVerifier javaVerifier) {
    WebElement text = driver.findElement(By.id("bundle-text"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", text, json);
    driver.findElement(By.id("verify")).click();
    List<String> expected = javaChecks(json, javaVerifier);
    try {
      browser.until(d -> shownChecks(d).equals(expected));
    } catch (org.openqa.selenium.TimeoutException e) {
      assertEquals(expected, shownChecks(driver), "browser and Java verifier disagree");
    }
  }

  @Test
  void goodBundleFromFile_isVerifiedGreen_exactlyAsTheJavaVerifierSays() throws Exception {
    WebDriver driver = browser.driver();
    String json = Json.write(family);
    Path file = Files.createTempFile("fxg-bundle-", ".json");
    Files.writeString(file, json);
    driver.get(node.url("/proof"));
    driver.findElement(By.id("bundle-file")).sendKeys(file.toString());
    browser.until(d -> "verified".equals(d.findElement(By.id("verdict")).getAttribute("data-verdict")));
    assertEquals(javaChecks(json, ProofBundleVerifier.usingBundleKeys()), shownChecks(driver));
    assertTrue(driver.findElement(By.id("verdict")).getText().contains("Proof verified"));
    browser.screenshot("proof-verified");

    driver.findElement(By.id("tamper")).click();
    browser.until(d -> "failed".equals(d.findElement(By.id("verdict")).getAttribute("data-verdict")));
    WebElement failed = driver.findElement(By.cssSelector("#checks tr[data-status='FAIL']"));
    assertEquals("records.hash", failed.getAttribute("data-check"));
    String tampered = driver.findElement(By.id("bundle-text")).getAttribute("value");
    assertEquals(javaChecks(tampered, ProofBundleVerifier.usingBundleKeys()), shownChecks(driver));
    browser.screenshot("proof-tampered");
    Files.delete(file);
  }

  @Test
  void everyTamper_failsTheSameChecksAsTheJavaVerifier() {
    WebDriver driver = browser.driver();
    driver.get(node.url("/proof"));
    ProofBundleVerifier java = ProofBundleVerifier.usingBundleKeys();
    for (var tamper : Tampers.all(BUNDLES).entrySet()) {
      ObjectNode copy = family.deepCopy();
      tamper.getValue().accept(copy);
      verifyPasted(driver, Json.write(copy), java);
      assertEquals("failed", driver.findElement(By.id("verdict")).getAttribute("data-verdict"), tamper.getKey());
    }
    verifyPasted(driver, Json.write(BUNDLES.denied("01proofdenied").toJson()), java);
    assertEquals("verified", driver.findElement(By.id("verdict")).getAttribute("data-verdict"));
  }

  @Test
  void pastedKeys_replaceTheBundlesOwn_andAWrongLogKeyFails() throws Exception {
    WebDriver driver = browser.driver();
    driver.get(node.url("/proof"));
    driver.findElement(By.cssSelector("input[name='keys'][value='pasted']")).click();
    String jwks = Json.write(BUNDLES.jwks());
    ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", driver.findElement(By.id("pinned-jwks")), jwks);
    WebElement logKey = driver.findElement(By.id("pinned-log"));
    logKey.sendKeys(BUNDLES.logVerifierKey());
    verifyPasted(driver, Json.write(family), ProofBundleVerifier.withKeys(jwks, BUNDLES.logVerifierKey()));
    assertEquals("verified", driver.findElement(By.id("verdict")).getAttribute("data-verdict"));
    assertTrue(driver.findElements(By.cssSelector("#checks tr[data-status='WARN']")).isEmpty());

    String otherKey = new ProofBundles().logVerifierKey();
    logKey.clear();
    logKey.sendKeys(otherKey);
    verifyPasted(driver, Json.write(family), ProofBundleVerifier.withKeys(jwks, otherKey));
    assertEquals("checkpoint.signature",
        driver.findElement(By.cssSelector("#checks tr[data-status='FAIL']")).getAttribute("data-check"));
  }

  @Test
  void openById_fetchesTheProofFromTheGateway() {
    WebDriver driver = browser.driver();
    String id = node.submit("invoice.delete", "invoices/proof-by-id");
    node.awaitStatus(id, "denied");
    int served = node.http().get("/v1/executions/" + id + "/proof").statusCode();
    driver.get(node.url("/proof?id=" + id));
    WebElement verdict = browser.until(d -> {
      WebElement v = d.findElement(By.id("verdict"));
      return v.getText().contains("Fetching") ? null : v;
    });
    assertEquals(id, driver.findElement(By.id("execution-id")).getAttribute("value"));
    if (served == 200) {
      assertEquals("verified", verdict.getAttribute("data-verdict"), verdict.getText());
    } else {
      assertTrue(verdict.getText().contains(String.valueOf(served)), verdict.getText());
    }
  }
}
