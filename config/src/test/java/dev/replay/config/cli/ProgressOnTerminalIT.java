package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar's progress as a user sees it: on a real terminal (a pseudo-terminal that
 * util-linux's {@code script} gives the process) a bar, through a pipe plain lines, and nothing
 * when asked for none.
 */
class ProgressOnTerminalIT {

    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Pattern BAR = Pattern.compile(
            "\rreplay 100% \\[=+\\] 20000/20000 events \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) [\\d,?]+ events/s\r?\n");

    @TempDir
    Path workDir;

    private TestDatabase database;

    @BeforeEach
    void seed() {
        database = TestDatabase.create(false);
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "20000", "--accounts", "500").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 16: on a terminal a rebuild shows a live bar with its rate and ETA in h:mm:ss, and ends its line")
    void onATerminalARebuildShowsABar() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux") && Files.isExecutable(SCRIPT),
                "util-linux script gives the process a terminal");

        // when: script runs the jar on a pseudo-terminal and copies what it shows to its stdout
        String command = String.join(" ", jar("rebuild", "account-balances"));
        Run run = run(List.of(SCRIPT.toString(), "-qec", command, "/dev/null"), "xterm");

        // then
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).containsPattern(BAR)
                .containsPattern("\nrebuild \\[account-balances\\] completed \\(execution \\d+\\): 20,000 events")
                .doesNotContain("replay: 20,000 / 20,000 events");
    }

    @Test
    @DisplayName("Issue 16: through a pipe the progress is plain lines, and replay.progress=none prints none")
    void throughAPipeProgressIsLinesOrNone() throws Exception {
        // when
        Run piped = run(jar("rebuild", "account-balances"), "xterm");
        Run none = run(jar("rebuild", "account-balances", "--replay.progress=none"), "xterm");

        // then
        assertThat(piped.status()).as(piped.output()).isZero();
        assertThat(piped.output()).as(piped.output()).doesNotContain("\r").doesNotContain("[=")
                .containsPattern("(?m)^replay: 20,000 / 20,000 events \\(100%\\), [\\d,]+ events/s, ETA 0s$");
        assertThat(none.status()).as(none.output()).isZero();
        assertThat(none.output()).as(none.output()).doesNotContain("events/s, ETA").doesNotContain("[=")
                .contains("rebuild [account-balances] completed");
    }

    private List<String> jar(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "replay.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.add("--spring.datasource.url=" + database.jdbcUrl());
        command.add("--spring.datasource.username=postgres");
        return command;
    }

    /** Runs {@code command} with {@code TERM} set as a terminal emulator sets it; stdout and stderr together. */
    private Run run(List<String> command, String term) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("TERM", term);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int status, String output) {
    }
}
