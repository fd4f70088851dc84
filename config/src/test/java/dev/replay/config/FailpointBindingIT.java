package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.readers.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar ships no crashing failpoints: armed by a system property, it runs as if unarmed.
 * The kill tests' processes ({@link ReplayProcess#start}) load the crashing binding and stop there;
 * this is the self-check that they still do, so a kill test cannot pass without its kill.
 */
class FailpointBindingIT {

    private static final String SERVICE = "META-INF/services/dev.replay.jobs.support.Failpoints";
    private static final String ARMED = "-Dreplay.failpoint=rebuild.prepare.before-commit";

    @TempDir
    Path workDir;

    @Test
    @DisplayName("Issue 13: the jar as shipped, started with -Dreplay.failpoint, runs through the failpoint and exits 0")
    void aShippedJarIgnoresAFailpoint() throws Exception {
        try (TestDatabase database = seeded();
             // given: armed as the kill tests arm it, without the tests' binding on the class path
             ReplayProcess process = ReplayProcess.startAsShipped(workDir, List.of(ARMED), rebuild(database))) {

            // when
            int status = process.waitForExit(Duration.ofMinutes(2));

            // then: the tests' binding would hold it an hour at the failpoint
            assertThat(status).as(process.output()).isZero();
            assertThat(process.output()).doesNotContain("FAILPOINT");
        }
    }

    @Test
    @DisplayName("Issue 13: a test process armed with -Dreplay.failpoint loads the tests' binding and stops at the failpoint")
    void anArmedTestProcessStopsAtTheFailpoint() throws Exception {
        try (TestDatabase database = seeded();
             // given
             ReplayProcess process = ReplayProcess.start(workDir, List.of(ARMED), rebuild(database))) {

            // when
            process.awaitLine("FAILPOINT rebuild.prepare.before-commit", Duration.ofMinutes(2));

            // then
            process.kill();
        }
    }

    private static TestDatabase seeded() {
        TestDatabase database = TestDatabase.create();
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "2000", "--accounts", "100").status()).isZero();
        return database;
    }

    private static String[] rebuild(TestDatabase database) {
        return new String[] {"rebuild", "account-balances", "--spring.datasource.url=" + database.jdbcUrl(),
            "--spring.datasource.username=postgres"};
    }

    @Test
    @DisplayName("Issue 13: no class or library of the runnable jar binds Failpoints")
    void theJarHoldsNoFailpointsBinding() throws IOException {
        // given
        List<String> found = new ArrayList<>();

        // when
        try (ZipFile jar = new ZipFile(ReplayProcess.JAR.toFile())) {
            jar.stream().forEach(entry -> {
                if (entry.getName().equals(SERVICE) || entry.getName().endsWith("/" + SERVICE)
                        || entry.getName().contains("CrashingFailpoints")) {
                    found.add(entry.getName());
                } else if (entry.getName().endsWith(".jar")) {
                    found.addAll(bindingsIn(jar, entry));
                }
            });
        }

        // then
        assertThat(found).isEmpty();
    }

    private static List<String> bindingsIn(ZipFile jar, ZipEntry nested) {
        List<String> found = new ArrayList<>();
        try (InputStream in = jar.getInputStream(nested); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(SERVICE) || entry.getName().contains("CrashingFailpoints")) {
                    found.add(nested.getName() + "!/" + entry.getName());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Failed to read " + nested.getName(), e);
        }
        return found;
    }
}
