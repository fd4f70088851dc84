package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: the packaged jar in its own JVM, no database
 * configured, a fresh data directory.
 */
class EmbeddedDefaultIT {

    @TempDir
    Path workDir;

    /** Runs the jar in {@code workDir} and returns its exit status and output. */
    static Result java(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", ReplayProcess.JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    record Result(int status, String output) {
    }

    @Test
    void demoSeedsArchivesAndRebuildsOverBothTiersAndASecondRunFindsTheData() throws Exception {
        // when
        Result first = java(workDir, "demo");
        Result second = java(workDir, "demo");

        // then
        assertThat(first.status()).as(first.output()).isZero();
        assertThat(first.output()).contains("seeding 50,000 sample events")
                .contains("archive [before 2026-01-31T00:00:00Z] completed").contains("Hot store: 25,000 events")
                .containsPattern("Archive: 25,000 events in \\d+ Parquet segments")
                .containsPattern("rebuild \\[account-balances\\] completed \\(execution \\d+\\): 50,000 events")
                .contains("acct-42-");
        assertThat(second.status()).as(second.output()).isZero();
        assertThat(second.output()).contains("already holds events").contains("Hot store: 25,000 events")
                .containsPattern("rebuild \\[account-balances\\] completed \\(execution \\d+\\): 50,000 events");
        assertThat(balances(second.output())).isEqualTo(balances(first.output()));
        assertThat(Files.isDirectory(workDir.resolve("replay-data/postgres"))).isTrue();
        assertThat(Files.isDirectory(workDir.resolve("replay-data/archive/events"))).isTrue();
    }

    /** The balance lines the demo prints. */
    private static String balances(String output) {
        return output.substring(output.indexOf("A few rows of account_balance"), output.indexOf("Next:"));
    }

    @Test
    void stopsItsEmbeddedServerWhenTheCommandEnds() throws Exception {
        // when
        Result run = java(workDir, "jobs");

        // then
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(workDir.resolve("replay-data/postgres/postmaster.pid")).doesNotExist();
    }
}
