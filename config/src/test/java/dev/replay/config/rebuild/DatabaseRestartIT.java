package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL that goes away in the middle of a rebuild (stopped while a chunk is written, not
 * committed) and comes back: the run fails in one line, and a plain rerun completes exactly.
 */
class DatabaseRestartIT {

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

    @Test
    @DisplayName("Issue 12 review: a database restart mid-run prints one line and the rerun completes")
    void aDatabaseRestartMidRunFailsInOneLineAndTheRerunCompletes() throws Exception {
        // given
        port = freeLoopbackPort();
        startPostgres();
        assertThat(CliRunner.against(jdbcUrl(), "seed", "--events", "30000", "--accounts", "2000").status()).isZero();
        String expected = AccountBalances.expected(postgres.getPostgresDatabase());
        Path resume = workDir.resolve("resume");
        Path run = Files.createDirectories(workDir.resolve("run"));

        // when: the database stops while the third chunk is written, then the rebuild goes on
        int status;
        String output;
        try (ReplayProcess rebuild = ReplayProcess.start(run, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:3",
                        "-Dreplay.failpoint.resume=" + resume),
                "rebuild", "account-balances", "--replay.rebuild.chunk-size=2000", "--replay.rebuild.flush-events=6000",
                "--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=postgres",
                "--spring.datasource.hikari.connection-timeout=3000")) {
            rebuild.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
            postgres.close();
            postgres = null;
            Files.createFile(resume);
            status = rebuild.waitForExit(Duration.ofMinutes(2));
            output = rebuild.output();
        }

        // then: one line naming the database, FAILED, no stack trace on the terminal; the log file has it
        assertThat(status).as(output).isEqualTo(1);
        assertThat(output).as(output).doesNotContain("\tat ").doesNotContain("unknown").doesNotContain(" ERROR ");
        assertThat(output.lines().filter(line -> line.startsWith("replay rebuild:")).toList()).as(output)
                .singleElement().asString().contains("failed").contains("lost the connection to the database");
        Path log = run.resolve("replay-data").resolve("logs").resolve("replay.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).contains("\tat ");

        // when: the database is back and the rebuild runs again
        startPostgres();
        Result rerun = CliRunner.against(jdbcUrl(), "rebuild", "account-balances");

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(AccountBalances.actual(postgres.getPostgresDatabase())).isEqualTo(expected);
        JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        assertThat(jdbc.queryForList("select status from batch_job_execution order by job_execution_id", String.class))
                .containsExactly("FAILED", "COMPLETED");
        assertThat(jdbc.queryForList("select distinct status from batch_step_execution", String.class))
                .doesNotContain("UNKNOWN", "STARTED");
        try (Stream<String> lines = CliRunner.against(jdbcUrl(), "jobs").out().lines()) {
            assertThat(lines.filter(line -> line.contains("rebuild")).toList()).anyMatch(line -> line.contains("FAILED"));
        }
    }
}
