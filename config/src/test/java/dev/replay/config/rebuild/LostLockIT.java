package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The session holding a rebuild's advisory lock ends while the rebuild runs (a restart, a proxy's
 * idle timeout; here {@code pg_terminate_backend}): the rebuild fails before committing its chunk,
 * naming the lock, instead of writing on while a second rebuild may take the lock.
 */
class LostLockIT {

    private static final String LOCK_HOLDER = """
            select pid from pg_locks
             where locktype = 'advisory' and granted
               and database = (select oid from pg_database where datname = current_database())
               and ((classid::bigint << 32) | objid::bigint) = hashtext('replay:rebuild:account-balances')::bigint
            """;

    @TempDir
    Path workDir;

    private TestDatabase database;

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 12 review: a lost advisory lock fails the step")
    void aLostAdvisoryLockFailsTheStepAndTheRerunCompletesExactly() throws Exception {
        // given
        database = TestDatabase.create();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "30000", "--accounts", "2000").status()).isZero();
        String expected = AccountBalances.expected(database.dataSource());
        Path resume = workDir.resolve("resume");

        // when: the lock's session is terminated while the third chunk is written, then the rebuild goes on
        int status;
        String output;
        try (ReplayProcess rebuild = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:3",
                        "-Dreplay.failpoint.resume=" + resume),
                "rebuild", "account-balances", "--replay.rebuild.chunk-size=2000", "--replay.rebuild.flush-events=6000",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres")) {
            rebuild.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
            Integer holder = jdbc.queryForObject(LOCK_HOLDER, Integer.class);
            assertThat(jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, holder)).isTrue();
            Files.createFile(resume);
            status = rebuild.waitForExit(Duration.ofMinutes(2));
            output = rebuild.output();
        }

        // then
        assertThat(status).as(output).isEqualTo(1);
        assertThat(output).contains("Lost the advisory lock replay:rebuild:account-balances: its database session ended")
                .doesNotContain("\tat ");
        assertThat(jdbc.queryForObject("select count(*) from projection_build where status = 'building'", Long.class))
                .isOne(); // not swapped in

        // when
        Result rerun = CliRunner.against(database.jdbcUrl(), "rebuild", "account-balances");

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected);
        assertThat(jdbc.queryForList("select status from batch_job_execution order by job_execution_id", String.class))
                .containsExactly("FAILED", "COMPLETED");
    }
}
