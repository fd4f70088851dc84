package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuilds killed with SIGKILL at chosen points (frozen there by a failpoint, then killed from
 * outside): a plain rerun, or {@code restart <id>}, ends with exactly the table of a clean run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildKillIT {

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private String expected;

    @TempDir
    Path workDir;

    @BeforeAll
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "60000", "--accounts", "3000").status()).isZero();
        expected = AccountBalances.expected(database.dataSource());
    }

    @AfterAll
    void close() {
        database.close();
    }

    private ReplayProcess rebuildFrozenAt(String failpoint) throws Exception {
        ReplayProcess process = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=" + failpoint),
                // the fold is written every 3 chunks, so kills land before, on and after writes of it
                "rebuild", "account-balances", "--replay.rebuild.chunk-size=2000", "--replay.rebuild.flush-events=6000",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres");
        process.awaitLine("FAILPOINT " + failpoint.split(":")[0], Duration.ofMinutes(2));
        return process;
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"rebuild.prepare.before-commit", "rebuild.replay.chunk-written:1",
        "rebuild.replay.chunk-written:7", "rebuild.replay.chunk-written:9", "rebuild.finish.before-commit"})
    void aRerunAfterAKillEndsAsACleanRun(String failpoint) throws Exception {
        // given
        try (ReplayProcess process = rebuildFrozenAt(failpoint)) {
            // when
            process.kill();
        }
        Result rerun = CliRunner.against(database.jdbcUrl(), "rebuild", "account-balances");

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected);
        assertThat(jdbc.queryForObject("select count(*) from projection_build where status = 'building'", Long.class))
                .isZero();
    }

    /**
     * Chunks of 2,000 with the fold written every 3rd: a kill while chunk {@code killedIn} is written
     * leaves the checkpoint of the last chunk that wrote the fold, {@code resumedAfter}.
     */
    @ParameterizedTest(name = "killed in chunk {0}, resumed after chunk {1}")
    @CsvSource({"10, 9", "8, 6"})
    void restartByExecutionIdResumesAKilledRebuildFromItsLastCommittedWriteOfTheFold(int killedIn, int resumedAfter)
            throws Exception {
        // given
        try (ReplayProcess process = rebuildFrozenAt("rebuild.replay.chunk-written:" + killedIn)) {
            process.kill();
        }
        long execution = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);

        // when
        Result restart = CliRunner.against(database.jdbcUrl(), "restart", Long.toString(execution));

        // then
        assertThat(restart.status()).as(restart.err()).isZero();
        assertThat(restart.out()).contains("events");
        assertThat(jdbc.queryForObject("select read_count from batch_step_execution where step_name = 'replay'"
                + " order by step_execution_id desc limit 1", Long.class)).isEqualTo(60_000L - resumedAfter * 2_000L);
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected);
    }
}
