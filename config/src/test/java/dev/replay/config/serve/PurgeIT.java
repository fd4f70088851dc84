package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.config.rebuild.AccountBalances;
import dev.replay.readers.testing.TestDatabase;
import java.net.http.HttpResponse;
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
 * {@code purge --older-than}: old finished job metadata, firings and dead letters go; what live
 * builds, kept copies, resumable runs, catalogued archive runs and export outputs need stays.
 */
class PurgeIT {

    private static final String OLD = "2020-01-01 00:00:00";

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "4000", "--accounts", "100", "--days", "10").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--replay.archive.uri=" + dir.resolve("archive").toUri(), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.rebuild.keep-copies=1"));
        return all;
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args(args).toArray(String[]::new));
    }

    /** Runs the command, expecting success, and returns the newest job instance id. */
    private long instance(String... args) {
        Result result = run(args);
        assertThat(result.status()).as(result.err()).isZero();
        return jdbc.queryForObject("select max(job_instance_id) from batch_job_instance", Long.class);
    }

    private List<Long> instancesOtherThanPurges() {
        return jdbc.queryForList("select job_instance_id from batch_job_instance where job_name <> 'purge'"
                + " order by job_instance_id", Long.class);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    @DisplayName("Issue 16: purge keeps what is needed (live build, kept copy, resumable run, catalogued archive run,"
            + " an output's export), survives a kill, and jobs, the API and the resumed run stay correct")
    void purgeKeepsWhatIsNeeded() throws Exception {
        // given: three full rebuilds (build 1 dropped, 2 kept, 3 live), two catch-ups of build 3
        String expected = AccountBalances.expected(database.dataSource());
        long droppedBuild = instance("rebuild", "account-balances");
        long keptCopy = instance("rebuild", "account-balances");
        long liveBuild = instance("rebuild", "account-balances");
        long olderCatchUp = instance("rebuild", "account-balances", "--catch-up");
        long newestCatchUp = instance("rebuild", "account-balances", "--catch-up");
        // an archive run that moved segments, and one that moved nothing
        long archived = instance("archive", "--before", "2026-01-03T00:00:00Z");
        long archivedNothing = instance("archive", "--before", "2026-01-02T00:00:00Z");
        assertThat(jdbc.queryForObject("select count(*) from archive_segment s join archive_run a using (run_id)"
                + " where a.job_instance_id = ?", Long.class, archived)).isPositive();
        // two exports to one output, one to another
        String out = dir.resolve("deposits.jsonl").toString();
        long replacedExport = instance("export", "--event-type", "Deposited", "--out", out);
        long newestExport = instance("export", "--event-type", "Deposited", "--out", out, "--overwrite");
        long otherExport = instance("export", "--event-type", "Withdrawn", "--out", dir.resolve("w.csv").toString());
        // a full rebuild killed after its second chunk, then marked failed: resumable
        long resumable = killedRebuild();
        makeEverythingOld(resumable);
        List<Long> before = instancesOtherThanPurges();
        assertThat(before).hasSize(11);

        // when: a purge killed before its commit
        try (ReplayProcess purge = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=purge.before-commit"),
                args("purge", "--older-than", "1d", "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=postgres").toArray(String[]::new))) {
            purge.awaitLine("FAILPOINT purge.before-commit", Duration.ofMinutes(2));
            purge.kill();
        }

        // then: nothing went
        assertThat(instancesOtherThanPurges()).isEqualTo(before);
        assertThat(count("replay_dead_letter")).isEqualTo(2);
        assertThat(count("schedule_firing")).isEqualTo(2);

        // when: run again
        Result purge = run("purge", "--older-than", "1d");

        // then
        assertThat(purge.status()).as(purge.err()).isZero();
        assertThat(instancesOtherThanPurges()).containsExactly(keptCopy, liveBuild, newestCatchUp, archived,
                newestExport, otherExport, resumable);
        assertThat(jdbc.queryForList("select job_instance_id from rebuild_run union all select job_instance_id from"
                + " archive_run union all select job_instance_id from export_run", Long.class))
                .doesNotContain(droppedBuild, olderCatchUp, archivedNothing, replacedExport);
        assertThat(count("replay_dead_letter")).isOne();
        assertThat(count("schedule_firing")).isOne();
        assertThat(count("batch_job_execution e where not exists (select 1 from batch_job_instance i"
                + " where i.job_instance_id = e.job_instance_id)")).isZero();

        // and: a rerun deletes nothing more, and says what it deleted
        Result again = run("purge", "--older-than", "1d");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("Purged job-instances: 0").contains("Purged dead-letters: 0")
                .contains("Purged schedule-firings: 0");
        assertThat(instancesOtherThanPurges()).containsExactly(keptCopy, liveBuild, newestCatchUp, archived,
                newestExport, otherExport, resumable);

        // and: jobs lists, the resumable run resumes exactly, the API lists executions
        Result jobs = run("jobs");
        assertThat(jobs.status()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains("purge");
        Result resumed = run("rebuild", "account-balances");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from batch_job_execution where job_instance_id = ?", Long.class,
                resumable)).isEqualTo(2);
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected);
        try (ServeProcess serve = ServeProcess.start(dir.resolve("serve"), database.jdbcUrl())) {
            HttpResponse<String> executions = serve.get("/api/executions?limit=100");
            assertThat(executions.statusCode()).as(executions.body()).isEqualTo(200);
            assertThat(executions.body()).contains("\"job\":\"purge\"");
            assertThat(serve.get("/api/jobs").body()).contains("\"purge\"");
            HttpResponse<String> launch = serve.post("/api/jobs/purge/executions", "{\"older-than\": \"30d\"}");
            assertThat(launch.statusCode()).as(launch.body()).isEqualTo(202);
            HttpResponse<String> bad = serve.post("/api/jobs/purge/executions", "{\"older-than\": \"soon\"}");
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
            assertThat(bad.body()).contains("older-than must be a duration like 30d, 12h or P30D, was 'soon'");
        }
    }

    @Test
    @DisplayName("Issue 16: purge --older-than needs a positive duration (DurationStyle), exit 2 naming the value")
    void refusesABadDuration() {
        Result purge = run("purge", "--older-than", "soon");

        assertThat(purge.status()).isEqualTo(2);
        assertThat(purge.err()).contains("--older-than must be a duration like 30d, 12h or P30D, was 'soon'");
        assertThat(run("purge", "--older-than", "0d").err()).contains("--older-than must be a positive duration, was '0d'");
    }

    private long killedRebuild() throws Exception {
        try (ReplayProcess rebuild = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:2"),
                args("rebuild", "account-balances", "--replay.rebuild.chunk-size=500", "--replay.rebuild.flush-events=500",
                        "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres")
                        .toArray(String[]::new))) {
            rebuild.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
            rebuild.kill();
        }
        return jdbc.queryForObject("select max(job_instance_id) from batch_job_instance", Long.class);
    }

    /** Every execution ended long ago; the killed one as a failed run (what the next launch would mark it). */
    private void makeEverythingOld(long killed) {
        for (String table : List.of("batch_job_execution", "batch_step_execution")) {
            jdbc.update("update " + table + " set create_time = '" + OLD + "', start_time = '" + OLD + "',"
                    + " end_time = '" + OLD + "'::timestamp + interval '1 minute', status = case when status = 'STARTED'"
                    + " then 'FAILED' else status end, exit_code = case when status = 'STARTED' then 'FAILED' else"
                    + " exit_code end");
        }
        assertThat(jdbc.queryForObject("select status from batch_job_execution where job_instance_id = ?", String.class,
                killed)).isEqualTo("FAILED");
        for (String at : List.of(OLD, "now()")) {
            jdbc.update("insert into replay_dead_letter (event_id, projection, event_type, aggregate_type, aggregate_id,"
                    + " version, payload, error, failed_at) values (gen_random_uuid(), 'account-balances', 'Deposited',"
                    + " 'Account', 'x', 1, '{}', 'bad', " + (at.equals(OLD) ? "'" + OLD + "'" : at) + ")");
            jdbc.update("insert into schedule_firing (schedule_name, scheduled_at, fired_at, instance_id, outcome)"
                    + " values ('nightly', now(), " + (at.equals(OLD) ? "'" + OLD + "'" : at) + ", 'test', 'SKIPPED')");
        }
    }
}
