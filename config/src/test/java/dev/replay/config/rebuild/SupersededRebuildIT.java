package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An unfinished rebuild that a newer build or mark superseded is abandoned, never resumed into
 * the newer build: the read model never goes backwards and no event is applied twice.
 */
class SupersededRebuildIT {

    /** event_count against an independent count over the events, both ways. */
    private static final String COUNTS_DIFFER = """
            (select (occurred_at at time zone 'UTC')::date as day, event_type, count(*) as events from events group by 1, 2
             except select day, event_type, events from event_count)
            union all
            (select day, event_type, events from event_count
             except select (occurred_at at time zone 'UTC')::date, event_type, count(*) from events group by 1, 2)
            """;

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @TempDir
    Path workDir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "6000", "--accounts", "300", "--days", "20").status()).isZero();
        Result first = run("rebuild", "event-counts");
        assertThat(first.status()).as(first.err()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    private List<String> processArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres"));
        return all;
    }

    /** Runs the rebuild in a process frozen at the failpoint, kills it, and answers the execution it left. */
    private long killedAt(String failpoint, String... rebuildArgs) throws Exception {
        return killedRebuildOf("event-counts", failpoint, rebuildArgs);
    }

    private long killedRebuildOf(String projection, String failpoint, String... rebuildArgs) throws Exception {
        List<String> args = processArgs("rebuild", projection, "--replay.rebuild.chunk-size=500");
        args.addAll(List.of(rebuildArgs));
        try (ReplayProcess process = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=" + failpoint),
                args.toArray(String[]::new))) {
            process.awaitLine("FAILPOINT " + failpoint.split(":")[0], Duration.ofMinutes(2));
            process.kill();
        }
        return jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
    }

    /** Runs the jar in a process of its own, whose console (the log's WARN lines too) the test reads. */
    private Result runProcess(String... args) throws Exception {
        try (ReplayProcess process = ReplayProcess.start(workDir, List.of(), processArgs(args).toArray(String[]::new))) {
            int status = process.waitForExit(Duration.ofMinutes(3));
            return new Result(status, process.output(), process.output());
        }
    }

    private String status(long execution) {
        return jdbc.queryForObject("select status from batch_job_execution where job_execution_id = ?", String.class,
                execution);
    }

    private HighWaterMark liveMark() {
        return HighWaterMark.parse(jdbc.queryForObject(
                "select high_water_mark from projection_build where projection = 'event-counts' and status = 'live'",
                String.class));
    }

    @Test
    @DisplayName("Issue 12 defect 4: a failed catch-up is abandoned, not resumed into a newer build")
    void aFailedCatchUpIsAbandonedOnceAFullRebuildWasSwappedIn() throws Exception {
        // given: a catch-up killed after it applied some chunks, then a full rebuild swapped in
        assertThat(run("seed", "--events", "3000", "--accounts", "50", "--seed", "7").status()).isZero();
        long failedCatchUp = killedAt("rebuild.replay.chunk-written:3", "--catch-up");
        Result full = run("rebuild", "event-counts");
        assertThat(full.status()).as(full.err()).isZero();
        HighWaterMark swapped = liveMark();

        // when
        Result catchUp = runProcess("rebuild", "event-counts", "--catch-up");

        // then
        assertThat(catchUp.status()).as(catchUp.err()).isZero();
        assertThat(catchUp.out() + catchUp.err()).contains("Abandoning execution " + failedCatchUp)
                .contains("build 2 is live now, not its build 1");
        assertThat(status(failedCatchUp)).isEqualTo("ABANDONED");
        assertThat(jdbc.queryForList(COUNTS_DIFFER)).isEmpty();
        assertThat(jdbc.queryForObject("select sum(events) from event_count", Long.class)).isEqualTo(9_000L);
        assertThat(liveMark().upperXmin()).isGreaterThanOrEqualTo(swapped.upperXmin());
        assertThat(liveMark().lowerXmin()).isEqualTo(swapped.upperXmin());
    }

    @Test
    @DisplayName("Issue 12 defect 4: a partitioned full rebuild superseded by a newer build is abandoned on restart")
    void restartOfAPartitionedRebuildSupersededByANewerOneIsRefusedAndAbandoned() throws Exception {
        // given: build 1 live, a partitioned build 2 killed, build 3 swapped in while it lay unfinished
        assertThat(run("rebuild", "account-balances").status()).isZero();
        long failed = killedRebuildOf("account-balances", "rebuild.replay.chunk-written:3", "--partitions", "2");
        jdbc.update("update batch_job_execution set status = 'COMPLETED' where job_execution_id = ?", failed);
        Result newer = run("rebuild", "account-balances");
        assertThat(newer.status()).as(newer.err()).isZero();
        jdbc.update("update batch_job_execution set status = 'FAILED', exit_code = 'FAILED' where job_execution_id = ?",
                failed);

        // when
        Result restart = run("restart", Long.toString(failed));

        // then
        assertThat(restart.status()).isEqualTo(2);
        assertThat(restart.err()).contains("newer build 3 was swapped in after its build 2");
        assertThat(status(failed)).isEqualTo("ABANDONED");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
    }

    @Test
    @DisplayName("Issue 12 defect 4: restart of a full rebuild after a newer one was swapped in is refused and abandoned")
    void restartOfAFullRebuildSupersededByANewerOneIsRefusedAndAbandoned() throws Exception {
        // given: full rebuild (build 2) killed; a newer one (build 3) swapped in while it lay unfinished
        long failedFull = killedAt("rebuild.replay.chunk-written:3");
        // the launcher resumes only a projection's last execution: step past this one as a user of
        // another launch path would, so that a fresh rebuild runs and is swapped in
        jdbc.update("update batch_job_execution set status = 'COMPLETED' where job_execution_id = ?", failedFull);
        assertThat(run("seed", "--events", "1000", "--accounts", "20", "--seed", "9").status()).isZero();
        Result newer = run("rebuild", "event-counts");
        assertThat(newer.status()).as(newer.err()).isZero();
        jdbc.update("update batch_job_execution set status = 'FAILED', exit_code = 'FAILED' where job_execution_id = ?",
                failedFull);
        HighWaterMark swapped = liveMark();

        // when
        Result restart = runProcess("restart", Long.toString(failedFull));
        Result again = run("restart", Long.toString(failedFull));

        // then
        assertThat(restart.status()).isEqualTo(2);
        assertThat(restart.err()).contains("execution " + failedFull + " cannot be restarted")
                .contains("newer build 3 was swapped in after its build 2").contains("ABANDONED")
                .doesNotContain("Exception");
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("was abandoned");
        assertThat(status(failedFull)).isEqualTo("ABANDONED");
        assertThat(jdbc.queryForObject("select build from projection_build where projection = 'event-counts'"
                + " and status = 'live'", Long.class)).isEqualTo(3L);
        assertThat(liveMark()).isEqualTo(swapped);
        assertThat(jdbc.queryForList(COUNTS_DIFFER)).isEmpty();
    }
}
