package dev.replay.config.serve;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser of the dashboard test: a local Chromium in headless mode, driven through its
 * chromedriver (Selenium downloads nothing). The browser is {@code -Dreplay.test.chromium} or the
 * first of {@code chromium}, {@code chromium-browser}, {@code google-chrome} on the {@code PATH};
 * the driver is {@code -Dwebdriver.chrome.driver} or {@code chromedriver} on the {@code PATH}.
 * When either is missing the test FAILS saying so: a silent skip would hide the dashboard's only
 * end-to-end check. {@code -Dreplay.test.skip-browser=true} skips it instead, with a warning.
 */
final class HeadlessChromium {

    static final String SKIP = "replay.test.skip-browser";
    private static final String BROWSER = "replay.test.chromium";
    private static final String DRIVER = "webdriver.chrome.driver";
    private static final String HOW = "Install Chromium and its driver (Debian: apt-get install chromium chromium-driver;"
            + " .ci/run does), or point at them with -D" + BROWSER + "=<browser> -D" + DRIVER + "=<chromedriver>,"
            + " or skip this test with -D" + SKIP + "=true.";

    private HeadlessChromium() {
    }

    /** A headless Chromium with its profile in {@code profile}; fails (or, opted out, skips) when none is installed. */
    static ChromeDriver start(Path profile) throws Exception {
        if (Boolean.getBoolean(SKIP)) {
            System.err.println("WARNING: -D" + SKIP + "=true: the dashboard's browser test is SKIPPED");
            Assumptions.abort("-D" + SKIP + "=true");
        }
        File browser = find(BROWSER, "chromium", "chromium-browser", "google-chrome");
        File driver = find(DRIVER, "chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        // as root and on a machine without network: no sandbox, no background connections
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,2400", "--user-data-dir=" + Files.createDirectories(profile));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static File find(String property, String... names) {
        String configured = System.getProperty(property);
        if (configured != null) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new AssertionError("-D" + property + "=" + configured + " is not an executable file. " + HOW);
            }
            return path.toFile();
        }
        List<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(Path::of).toList();
        Optional<Path> found = Stream.of(names).flatMap(name -> path.stream().map(dir -> dir.resolve(name)))
                .filter(Files::isExecutable).findFirst();
        return found.orElseThrow(() -> new AssertionError("The dashboard's browser test found no " + String.join(" or ", names)
                + " on the PATH (" + path + ") and -D" + property + " is not set. " + HOW)).toFile();
    }
}
