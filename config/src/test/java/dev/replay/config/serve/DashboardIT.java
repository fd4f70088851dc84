package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.replay.config.cli.CliRunner;
import dev.replay.readers.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless browser (Debian's chromium driven through its chromedriver):
 * it loads, lists the schedule and the executions, shows a failed rebuild's reason, and a running
 * job's progress changes without a reload. Saves {@code target/dashboard.png} for review.
 */
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path workDir;

    @Test
    void showsExecutionsAFailuresReasonAndLiveProgress() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them");
        try (TestDatabase database = TestDatabase.create()) {
            assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "12000", "--accounts", "300").status()).isZero();
            BrokenAggregate.append(database.dataSource());
            try (ServeProcess serve = ServeProcess.start(workDir, database.jdbcUrl(),
                    "--replay.schedules.nightly-balances.cron=0 0 2 * * ?",
                    "--replay.schedules.nightly-balances.job=rebuild",
                    "--replay.schedules.nightly-balances.projection=account-balances",
                    "--replay.export.chunk-size=250", "--replay.export.page-size=250")) {
                WebDriver browser = browser();
                try {
                    // the page loads with the schedule
                    browser.get(serve.baseUrl() + "/");
                    awaitText(browser, By.cssSelector("#schedules tr[data-name='nightly-balances']"), "0 0 2 * * ?");

                    // a rebuild launched from the page fails on the broken aggregate, and says why
                    browser.findElement(By.cssSelector("#launch-rebuild button")).click();
                    awaitText(browser, By.cssSelector("#executions tbody tr[data-status='FAILED']"),
                            "Version gap in aggregate Account/" + BrokenAggregate.ID);

                    // a slow export's progress moves while it runs (over repaired data: exports check versions too)
                    BrokenAggregate.repair(database.dataSource());
                    assertThat(serve.post("/api/jobs/export/executions", "{\"out\": \"" + workDir.resolve("all.jsonl")
                            + "\", \"max-rate\": \"2000\"}").statusCode()).isEqualTo(202);
                    Set<String> seen = new LinkedHashSet<>();
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                            // the page re-renders as it polls: an element found may be replaced before it is read
                            .alias("progress texts seen: " + seen).ignoreException(StaleElementReferenceException.class)
                            .until(() -> {
                                browser.findElements(By.cssSelector("#running .progress")).stream().map(WebElement::getText)
                                        .filter(text -> text.contains("/")).forEach(seen::add);
                                return seen.size() >= 3;
                            });
                    screenshot(browser, Path.of("target", "dashboard.png"));
                    assertThat(seen).allMatch(text -> text.endsWith("%)"));
                    awaitText(browser, By.cssSelector("#executions tbody tr[data-status='COMPLETED']"), "export");
                    assertThat(browser.findElement(By.id("hot-rows")).getText()).matches("12,00[12] events");
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static void awaitText(WebDriver browser, By selector, String text) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .alias("'" + text + "' in " + selector).ignoreExceptions()
                .until(() -> browser.findElements(selector).stream().anyMatch(element -> element.getText().contains(text)));
    }

    private static void screenshot(WebDriver browser, Path target) throws Exception {
        File file = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(target.getParent());
        Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root and on a machine without network: no sandbox, no background connections
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1500", "--user-data-dir=" + Files.createDirectories(workDir.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
