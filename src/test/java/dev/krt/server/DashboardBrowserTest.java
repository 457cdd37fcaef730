package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.Store;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A maintainer's path through the dashboard, in Debian's chromium driven by its chromedriver: a
 * real matrix run (Debian's 6.12 tree, rustc-web 1.85 passes, rustc 1.63 fails), then the
 * dashboard, the run, the failed cell, its first error, the log at that line. Screenshots go to
 * target/screenshots/.
 */
class DashboardBrowserTest {
  @TempDir static Path tmp;
  static Store store;
  static KrtServer server;
  static WebDriver browser;
  static final Path SHOTS = Path.of("target/screenshots");

  @BeforeAll
  static void setUp() throws Exception {
    Zoo.require();
    for (String tool : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
      if (!Files.isExecutable(Path.of(tool))) {
        Zoo.unavailable(tool + " not installed (run scripts/test-services.sh)");
      }
    }
    CliHarness krt = new CliHarness(tmp);
    krt.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
    String db = "jdbc:sqlite:" + tmp.resolve("krt.db");
    krt.env.put("KRT_DB", db);
    Path m = Zoo.rustavailableMatrix(tmp.resolve("m.yaml"), "rustc-web-1.85, rustc-1.63");
    RunKrt.Result r = krt.run("matrix", "run", m.toString());
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);

    store = Store.open(db);
    server =
        new KrtServer(
                store,
                tmp.resolve("data/krt"),
                new KrtServer.Settings("127.0.0.1", 0, Optional.empty(), 1 << 20),
                krt.env,
                tmp,
                List.of())
            .start();

    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900");
    ChromeDriverService svc =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    browser = new ChromeDriver(svc, o);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static void shot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    assertThat(png.length).isGreaterThan(1000);
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  @Test
  void fromTheDashboardToTheLineThatFailed() throws Exception {
    browser.get("http://127.0.0.1:" + server.port() + "/");
    assertThat(browser.getTitle()).isEqualTo("Dashboard · krt");
    shot("1-dashboard");

    browser.findElement(By.cssSelector("main table a[href^='/runs/']")).click();
    WebElement failed = browser.findElement(By.cssSelector("td.cell.fail a"));
    WebElement passed = browser.findElement(By.cssSelector("td.cell.pass a"));
    assertThat(failed.getText()).startsWith("fail: rust-unavailable");
    assertThat(passed.getText()).startsWith("pass");
    assertThat(
            browser.findElements(By.cssSelector("table.grid th")).stream()
                .map(WebElement::getText)
                .toList())
        .contains("rustc-web-1.85", "rustc-1.63");
    shot("2-run");

    failed.click();
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("fail");
    assertThat(browser.findElement(By.id("classification")).getText())
        .isEqualTo("rust-unavailable");
    String firstError = browser.findElement(By.id("first-error")).getText();
    assertThat(firstError).contains("rustc-1.63/rustc' is too old.");
    shot("3-cell");

    browser.findElement(By.partialLinkText("Log, at the first error")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().contains("/log"));
    WebElement hit = browser.findElement(By.cssSelector("table.log tr.hit"));
    assertThat(hit.getText()).contains(firstError.strip());
    assertThat(hit.getCssValue("background-color")).isEqualTo("rgba(255, 220, 224, 1)");
    assertThat(browser.getCurrentUrl()).matches(".*/log#L\\d+");
    shot("4-log-first-error");
  }

  @Test
  void aPhoneSeesTheRunWithoutTheCellsRunningOffThePage() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      String run = store.runs().get(0).id();
      browser.get("http://127.0.0.1:" + server.port() + "/runs/" + run);
      Long overflow =
          (Long)
              ((JavascriptExecutor) browser)
                  .executeScript(
                      "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).isLessThanOrEqualTo(0L);
      assertThat(browser.findElement(By.cssSelector("td.cell.fail a")).isDisplayed()).isTrue();
      shot("5-phone-run");
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 900));
    }
  }
}
