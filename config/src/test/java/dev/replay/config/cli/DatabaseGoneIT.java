package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.config.rebuild.AccountBalances;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as shipped, in its own process, loses its PostgreSQL at whatever moment a running
 * rebuild is at (no failpoint): the terminal gets one line naming the cause and the log file, never
 * a stack trace or the libraries' complaints; the log file gets the stack trace; once the database
 * is back, a rerun completes exactly.
 */
class DatabaseGoneIT {

    private static final int EVENTS = 1_000_000;
    private static final Pattern PROGRESS = Pattern.compile("^replay: ([\\d,]+) / ([\\d,]+) events \\(\\d+%\\), .* events/s, ETA \\d+s$");

    @TempDir
    Path workDir;

    private EmbeddedPostgres postgres;
    private int port;

    @AfterEach
    void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @DisplayName("Issue 16: a database gone mid-rebuild prints one line naming the cause and the log file, no stack trace; the rerun completes exactly")
    void aDatabaseGoneMidRebuildPrintsOneLineAndTheRerunCompletesExactly() throws Exception {
        // given
        port = freeLoopbackPort();
        startPostgres();
        assertThat(CliRunner.against(jdbcUrl(), "seed", "--events", String.valueOf(EVENTS), "--accounts", "20000").status())
                .isZero();
        String expected = AccountBalances.expected(postgres.getPostgresDatabase());
        Path run = Files.createDirectories(workDir.resolve("run"));

        // when: the database stops once the rebuild has reported progress, and stays away
        int status;
        List<String> lines;
        try (ReplayProcess rebuild = ReplayProcess.startAsShipped(run, List.of(), "rebuild", "account-balances",
                "--replay.rebuild.chunk-size=1000", "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.hikari.connection-timeout=3000")) {
            rebuild.awaitLine(" events/s, ETA ", Duration.ofMinutes(3));
            postgres.close();
            postgres = null;
            status = rebuild.waitForExit(Duration.ofMinutes(3));
            lines = rebuild.output().lines().toList();
        }

        // then: it was mid-run, failed, and said so in one line naming the log file
        String output = String.join("\n", lines);
        Matcher first = lines.stream().map(PROGRESS::matcher).filter(Matcher::matches).findFirst().orElseThrow();
        assertThat(number(first.group(1))).as("stopped mid-run: %s", output).isLessThan(number(first.group(2)));
        assertThat(status).as(output).isNotZero();
        Path log = run.resolve("replay-data").resolve("logs").resolve("replay.log").toAbsolutePath();
        assertThat(lines).as(output).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"))
                .noneMatch(line -> line.contains(" ERROR ") || line.contains("HikariPool") || line.contains("Exception"));
        assertThat(lines.stream().filter(line -> line.startsWith("replay rebuild:"))).as(output).singleElement()
                .asString().containsIgnoringCase("connection").endsWith("(details in " + log + ")");
        // besides progress and that line, at most the platform's own notes (no library's)
        assertThat(lines.stream().filter(line -> !PROGRESS.matcher(line).matches())).as(output).hasSizeLessThanOrEqualTo(3);
        assertThat(Files.readString(log)).contains("replay rebuild failed").contains("\tat ");

        // when: the database is back and the rebuild runs again
        startPostgres();
        Result rerun = CliRunner.against(jdbcUrl(), "rebuild", "account-balances");

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(AccountBalances.actual(postgres.getPostgresDatabase())).isEqualTo(expected);
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    private void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(workDir.resolve("pg"))
                .setCleanDataDirectory(false).start();
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
