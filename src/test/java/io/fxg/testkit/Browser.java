package io.fxg.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's ChromeDriver (never a downloaded one: Selenium
 * Manager is not consulted when both paths are given). A fresh profile per browser, a laptop-sized
 * window, and screenshots under {@code target/screenshots/}. One per test class as a JUnit
 * extension ({@code @RegisterExtension static final Browser browser = Browser.perClass();}): it
 * starts before the class's tests and skips each test, with the reason, on a machine without
 * Chromium; or {@link #start()} by hand.
 */
public final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {
  /** Debian's paths; the system properties {@code fxg.test.chromium} and {@code fxg.test.chromedriver} override them. */
  public static final Path CHROMIUM = Path.of(System.getProperty("fxg.test.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Path.of(System.getProperty("fxg.test.chromedriver", "/usr/bin/chromedriver"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private WebDriver driver;
  private Path profile;

  private Browser() {}

  /** A browser started before the test class (when installed) and closed after it. */
  public static Browser perClass() {
    return new Browser();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (available()) {
      launch();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    assumeAvailable();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (driver != null) {
      close();
    }
  }

  private static final String SKIPPED = "browser tests skipped: they need " + CHROMIUM + " and " + CHROMEDRIVER
      + " (apt-get install chromium chromium-driver; .ci/run installs them)";
  private static final AtomicBoolean SAID = new AtomicBoolean();

  /** Whether Debian's Chromium and ChromeDriver are installed. */
  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Skips the calling test, with the reason (also printed once per run), unless the browser is installed. */
  public static void assumeAvailable() {
    if (!available() && SAID.compareAndSet(false, true)) {
      System.err.println("[fxg] " + SKIPPED);
    }
    Assumptions.assumeTrue(available(), SKIPPED);
  }

  public static Browser start() {
    Browser browser = new Browser();
    browser.launch();
    return browser;
  }

  private void launch() {
    try {
      profile = Files.createTempDirectory("fxg-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--window-size=1440,900", "--user-data-dir=" + profile);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      driver = new ChromeDriver(service, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Waits, up to a deadline, until the condition yields a non-null, non-false value. */
  public <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** Saves a PNG of the whole page (beyond the 1440x900 window) as {@code target/screenshots/NAME.png}. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Object size = ((JavascriptExecutor) driver).executeScript(
          "return [document.documentElement.clientWidth, Math.max(document.documentElement.scrollHeight, innerHeight)]");
      List<?> wh = (List<?>) size;
      Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", wh.get(0), "height", wh.get(1), "scale", 1);
      Map<String, Object> shot = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot",
          Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
      driver = null;
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary profile is harmless.
      }
    }
  }
}
