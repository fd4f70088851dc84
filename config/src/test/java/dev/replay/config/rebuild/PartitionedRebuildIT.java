package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Partitioned rebuilds on local threads, over an archive and the hot store: the same read model as
 * the single-stream rebuild of the same data for any number of partitions, also when killed and
 * restarted (only unfinished partitions run again); global projections are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionedRebuildIT {

    private static final long EVENTS = 20_000;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private String singleStream;

    @TempDir
    static Path dir;

    @BeforeAll
    void seedArchiveHalfAndRebuildAsOneStream() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", Long.toString(EVENTS), "--accounts", "500", "--days", "10").status()).isZero();
        String expected = AccountBalances.expected(database.dataSource()); // from SQL, before half of it is archived
        Result archive = run("archive", "--before", "2026-01-06T00:00:00Z");
        assertThat(archive.status()).as(archive.err()).isZero();
        assertThat(jdbc.queryForObject("select sum(rows) from archive_segment", Long.class)).isBetween(5_000L, 15_000L);
        Result rebuild = run("rebuild", "account-balances");
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        singleStream = AccountBalances.actual(database.dataSource());
        assertThat(singleStream).isEqualTo(expected);
    }

    @AfterAll
    void close() {
        database.close();
    }

    private List<String> options() {
        return List.of("--replay.archive.uri=" + dir.resolve("archive").toUri(), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.segment-max-rows=1500", "--replay.rebuild.chunk-size=1000");
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(options());
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private long lastExecution() {
        return jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
    }

    private List<Map<String, Object>> partitionSteps(long execution) {
        return jdbc.queryForList("select step_name, status, read_count from batch_step_execution"
                + " where job_execution_id = ? and step_name like 'replay-partition:%' order by step_name", execution);
    }

    @Nested
    class Local {

        @ParameterizedTest(name = "{0} partitions")
        @ValueSource(ints = {1, 2, 7})
        void buildsTheSameTableAsTheSingleStreamRebuild(int partitions) {
            // when
            Result rebuild = run("rebuild", "account-balances", "--partitions", Integer.toString(partitions));

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertThat(rebuild.out()).contains("20,000 events");
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(singleStream);
            List<Map<String, Object>> steps = partitionSteps(lastExecution());
            assertThat(steps).hasSize(partitions).allMatch(step -> "COMPLETED".equals(step.get("status")));
            assertThat(steps.stream().mapToLong(step -> ((Number) step.get("read_count")).longValue()).sum())
                    .isEqualTo(EVENTS);
            Result jobs = run("jobs", "--job", "rebuild", "--limit", "1");
            assertThat(jobs.out()).as("each event counted once in the listing").contains(" 20,000 ")
                    .doesNotContain("40,000");
        }

        @Test
        void aKilledRebuildRestartsOnlyItsUnfinishedPartitionsAndEndsAsTheSingleStream() throws Exception {
            // given: one thread, so partitions run one after the other; killed in the second one's third chunk
            try (ReplayProcess process = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:10"),
                    // the fold written with every chunk, so that the committed counts below are exact
                    concat(List.of("rebuild", "account-balances", "--partitions", "3", "--replay.rebuild.flush-events=1000",
                            "--replay.rebuild.partition-threads=1", "--spring.datasource.url=" + database.jdbcUrl(),
                            "--spring.datasource.username=postgres")))) {
                process.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(1));
                process.kill();
            }
            long killed = lastExecution();
            List<Map<String, Object>> before = partitionSteps(killed);
            assertThat(before).filteredOn(step -> "COMPLETED".equals(step.get("status"))).hasSize(1);

            // when
            Result rerun = run("rebuild", "account-balances", "--partitions", "5"); // resumes with its own 3

            // then
            assertThat(rerun.status()).as(rerun.err()).isZero();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(singleStream);
            List<Map<String, Object>> after = partitionSteps(lastExecution());
            assertThat(after).hasSize(2).allMatch(step -> "COMPLETED".equals(step.get("status")));
            // a killed partition's count is what it committed; its rerun read the rest, nothing twice
            Long reads = jdbc.queryForObject("select sum(read_count) from batch_step_execution"
                    + " where job_execution_id in (?, ?) and step_name like 'replay-partition:%'", Long.class,
                    killed, lastExecution());
            assertThat(reads).isEqualTo(EVENTS);
        }
    }

    @Nested
    class Refusals {

        @Test
        void aGlobalProjectionAskedForPartitionsIsRefusedNamingIt() {
            Result rebuild = run("rebuild", "event-counts", "--partitions", "2");

            assertThat(rebuild.status()).isEqualTo(2);
            assertThat(rebuild.err()).contains("Projection [event-counts] is global")
                    .contains("cannot be partitioned");
        }

        @Test
        void aCatchUpAskedForPartitionsIsRefused() {
            Result rebuild = run("rebuild", "account-balances", "--catch-up", "--partitions", "2");

            assertThat(rebuild.status()).isEqualTo(2);
            assertThat(rebuild.err()).contains("cannot be partitioned");
        }

        @Test
        void aPartitionCountOutOfRangeIsRefused() {
            Result rebuild = run("rebuild", "account-balances", "--partitions", "0");

            assertThat(rebuild.status()).isEqualTo(2);
            assertThat(rebuild.err()).contains("partitions must be between 1 and 1024, was 0");
        }
    }

    private String[] concat(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(options());
        return all.toArray(String[]::new);
    }
}
