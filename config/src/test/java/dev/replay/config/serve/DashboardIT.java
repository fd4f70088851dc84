package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.readers.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real headless browser (a local Chromium driven through its chromedriver, see
 * {@link HeadlessChromium}: without one this test fails, saying how to get one). One serve
 * process, armed to hold the first partitioned rebuild at its third written chunk until the test
 * lets it go on: the page loads and lists the schedule; it draws the partitioned rebuild's
 * progress and rate while it runs; the projections panel shows the live build, the lag after
 * appends and its charts; a failed rebuild shows its reason and, once a newer rebuild completes,
 * "superseded by" without Restart; Rollback, confirmed, swaps the kept copy back in; a slow
 * export's progress changes without a reload. Saves {@code target/dashboard.png} and
 * {@code target/dashboard-projections.png} for review.
 */
class DashboardIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROJECTION = ".projection-card[data-name='account-balances'] ";
    private static final int LAG_EVENTS = 5;

    @TempDir
    Path workDir;

    @Test
    @DisplayName("Issue 16: the dashboard draws a partitioned rebuild's progress, the projections panel with its lag"
            + " after appends and its charts, a failure's reason, a superseded execution without Restart, and Rollback")
    void showsProjectionsPartitionedProgressChartsAndSupersededRuns() throws Exception {
        WebDriver browser = HeadlessChromium.start(workDir.resolve("chromium")); // first: no browser, no waiting
        Path resume = workDir.resolve("resume-rebuild");
        try (TestDatabase database = TestDatabase.create()) {
            assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "12000", "--accounts", "300").status()).isZero();
            try (ServeProcess serve = ServeProcess.start(workDir,
                    List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:3", "-Dreplay.failpoint.resume=" + resume),
                    database.jdbcUrl(),
                    "--replay.schedules.nightly-balances.cron=0 0 2 * * ?",
                    "--replay.schedules.nightly-balances.job=rebuild",
                    "--replay.schedules.nightly-balances.projection=account-balances",
                    "--replay.rebuild.chunk-size=250", "--replay.rebuild.keep-copies=1",
                    "--replay.serve.projections.lag-sample-interval=1s",
                    "--replay.export.chunk-size=250", "--replay.export.page-size=250")) {
                // the page loads with the schedule
                browser.get(serve.baseUrl() + "/");
                awaitText(browser, By.cssSelector("#schedules tr[data-name='nightly-balances']"), "0 0 2 * * ?");

                partitionedRebuildIsDrawnWhileItRuns(browser, serve, database.dataSource(), resume);
                projectionsPanelShowsLagAfterAppendsAndCharts(browser, serve, database.dataSource());
                failedRebuildShowsItsReasonThenSuperseded(browser, serve, database.dataSource());
                rollbackFromThePage(browser, serve);
                slowExportsProgressMoves(browser, serve, database.dataSource());
            }
        } finally {
            browser.quit();
        }
    }

    private void partitionedRebuildIsDrawnWhileItRuns(WebDriver browser, ServeProcess serve, DataSource events, Path resume)
            throws Exception {
        long id = launch(serve, "{\"projection\": \"account-balances\", \"partitions\": \"4\"}");
        String card = "#running .running-card[data-id='" + id + "'] ";
        awaitText(browser, By.cssSelector(card + ".title"), "4 partitions");
        // one partition is held at its third chunk, the others go on: the page shows what the API counts
        String[] shown = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .alias("the page's progress of the held partitioned rebuild equals the API's").ignoreExceptions()
                .until(() -> {
                    JsonNode execution = JSON.readTree(serve.get("/api/executions/" + id).body()).get("execution");
                    long done = execution.get("done").asLong();
                    long total = execution.get("total").asLong();
                    shown[0] = browser.findElement(By.cssSelector(card + ".progress")).getText();
                    return done > 0 && done < total && total == count(events, "select count(*) from events")
                            && shown[0].equals(progress(done, total, execution.get("progress").asDouble()));
                });
        assertThat(serve.output()).contains("FAILPOINT rebuild.replay.chunk-written");
        awaitChart(browser, card + ".rate-chart");
        screenshot(browser, Path.of("target", "dashboard.png"));
        Files.createFile(resume); // the held partition goes on
        awaitText(browser, By.cssSelector("#executions tbody tr[data-id='" + id + "']"), "COMPLETED");
    }

    private void projectionsPanelShowsLagAfterAppendsAndCharts(WebDriver browser, ServeProcess serve, DataSource events)
            throws Exception {
        JsonNode balances = projection(serve, "account-balances");
        awaitText(browser, By.cssSelector(PROJECTION + ".live"), "build " + balances.get("liveBuild").asLong());
        awaitText(browser, By.cssSelector(PROJECTION + ".lag"), "0 events");
        JdbcTemplate jdbc = new JdbcTemplate(events);
        for (int i = 1; i <= LAG_EVENTS; i++) {
            jdbc.update("""
                    insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)
                    values (gen_random_uuid(), 'Account', ?, 1, 'AccountOpened', '{"owner": "x", "currency": "EUR"}', now())
                    """, "acc-lag-" + i);
        }
        awaitText(browser, By.cssSelector(PROJECTION + ".lag"), LAG_EVENTS + " events");
        awaitChart(browser, PROJECTION + ".runs-duration");
        awaitChart(browser, PROJECTION + ".runs-rate");
        awaitChart(browser, PROJECTION + ".lag-chart");
        assertThat(browser.findElement(By.cssSelector(PROJECTION + ".dead-letters")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.cssSelector(PROJECTION + ".rollback")).isEnabled())
                .as("Rollback while no copy is kept").isFalse();
        screenshot(browser, Path.of("target", "dashboard-projections.png"));
    }

    private void failedRebuildShowsItsReasonThenSuperseded(WebDriver browser, ServeProcess serve, DataSource events)
            throws Exception {
        // a rebuild launched from the page fails on the broken aggregate, and says why in the table
        BrokenAggregate.append(events);
        browser.findElement(By.cssSelector("#launch-rebuild button")).click();
        By failed = By.cssSelector("#executions tbody tr[data-status='FAILED']");
        awaitText(browser, failed, "Version gap in aggregate Account/" + BrokenAggregate.ID);
        String failedId = browser.findElement(failed).getDomAttribute("data-id");
        By failedRow = By.cssSelector("#executions tbody tr[data-id='" + failedId + "']");
        assertThat(browser.findElement(failedRow).findElements(By.cssSelector(".restart"))).hasSize(1);

        // a newer rebuild completes: the failed one is superseded by it and cannot be restarted
        BrokenAggregate.repair(events);
        long newer = launch(serve, "{\"projection\": \"account-balances\"}");
        awaitText(browser, failedRow, "superseded by #" + newer);
        assertThat(browser.findElement(failedRow).findElements(By.cssSelector(".restart"))).isEmpty();
        awaitText(browser, By.cssSelector("#executions tbody tr[data-id='" + newer + "']"), "COMPLETED");
    }

    private void rollbackFromThePage(WebDriver browser, ServeProcess serve) throws Exception {
        JsonNode before = projection(serve, "account-balances");
        long live = before.get("liveBuild").asLong();
        long kept = before.get("keptCopies").get(0).asLong();
        By button = By.cssSelector(PROJECTION + ".rollback");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).alias("Rollback enabled")
                .ignoreExceptions().until(() -> browser.findElement(button).isEnabled());
        browser.findElement(button).click();
        Alert confirm = Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.switchTo().alert(), alert -> alert != null);
        assertThat(confirm.getText()).isEqualTo("Roll back account-balances from build " + live + " to build " + kept + "?");
        confirm.accept();
        awaitText(browser, By.id("message"), "Rolled back account-balances: build " + kept + " is live again (was " + live + ")");
        assertThat(projection(serve, "account-balances").get("liveBuild").asLong()).isEqualTo(kept);
        awaitText(browser, By.cssSelector(PROJECTION + ".live"), "build " + kept);
        // what is kept now is the build rolled back from, newer than the live one: a plain rollback has nothing to go to
        assertThat(projection(serve, "account-balances").get("keptCopies").get(0).asLong()).isEqualTo(live);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).alias("Rollback disabled again")
                .ignoreExceptions().until(() -> !browser.findElement(button).isEnabled());
    }

    private void slowExportsProgressMoves(WebDriver browser, ServeProcess serve, DataSource events) throws Exception {
        // a slow export's progress moves while it runs (over repaired data: exports check versions too)
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
        assertThat(seen).allMatch(text -> text.endsWith("%)"));
        awaitText(browser, By.cssSelector("#executions tbody tr[data-status='COMPLETED']"), "export");
        awaitText(browser, By.id("hot-rows"), String.format(Locale.US, "%,d events", count(events, "select count(*) from events")));
    }

    private static long launch(ServeProcess serve, String parameters) throws Exception {
        var response = serve.post("/api/jobs/rebuild/executions", parameters);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asLong();
    }

    private static JsonNode projection(ServeProcess serve, String name) throws Exception {
        for (JsonNode projection : JSON.readTree(serve.get("/api/projections").body())) {
            if (projection.get("name").asString().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    private static long count(DataSource events, String sql) {
        return new JdbcTemplate(events).queryForObject(sql, Long.class);
    }

    /** As the page writes progress: "7,250 / 12,000 events (60%)". */
    private static String progress(long done, long total, double fraction) {
        return String.format(Locale.US, "%,d / %,d events (%d%%)", done, total, (long) Math.floor(fraction * 100));
    }

    private static void awaitText(WebDriver browser, By selector, String text) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .alias("'" + text + "' in " + selector).ignoreExceptions()
                    .until(() -> browser.findElements(selector).stream().anyMatch(element -> element.getText().contains(text)));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the page says: " + pageState(browser), e);
        }
    }

    /** What the page says about its polling and its last action, and the texts of what the selector found. */
    private static String pageState(WebDriver browser) {
        try {
            return "refresh: '" + browser.findElement(By.id("refresh")).getText() + "', message: '"
                    + browser.findElement(By.id("message")).getText() + "', url: " + browser.getCurrentUrl();
        } catch (RuntimeException e) {
            return "(cannot read the page: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /** A chart drew: its canvas is there and it holds at least one value. */
    private static void awaitChart(WebDriver browser, String selector) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .alias("a chart with values at " + selector).ignoreExceptions()
                .until(() -> {
                    WebElement chart = browser.findElement(By.cssSelector(selector));
                    return !chart.findElements(By.tagName("canvas")).isEmpty()
                            && Integer.parseInt(chart.getDomAttribute("data-points")) > 0;
                });
    }

    private static void screenshot(WebDriver browser, Path target) throws Exception {
        File file = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(target.getParent());
        Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
