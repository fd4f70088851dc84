package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A version gap fails a rebuild on every attempt, the resumed ones too, naming the aggregate each time. */
class VersionGapRestartIT {

    /**
     * A version whose neighbours lie far apart in replay order: its predecessor well before the
     * chunk that holds its successor, so a resumed run starts between the two.
     */
    private static final String FAR_APART = """
            with o as (select aggregate_id, version, row_number() over (order by occurred_at, version, event_id) as n
                         from events)
            select a.aggregate_id, a.version from o a
              join o p on p.aggregate_id = a.aggregate_id and p.version = a.version - 1
              join o nx on nx.aggregate_id = a.aggregate_id and nx.version = a.version + 1
             where p.n > 500 and nx.n - p.n > 250 and nx.n < 15000
             order by a.n limit 1
            """;

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "20000", "--accounts", "500", "--days", "20").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    @Test
    @DisplayName("Issue 12 defect 5: a version gap fails the rebuild and its resumed rerun, naming the aggregate both times")
    void aVersionGapFailsEveryAttemptResumedOrNot() {
        // given
        Map<String, Object> gap = jdbc.queryForMap(FAR_APART);
        String aggregate = (String) gap.get("aggregate_id");
        long version = ((Number) gap.get("version")).longValue();
        jdbc.update("delete from events where aggregate_id = ? and version = ?", aggregate, version);
        String named = "Version gap in aggregate Account/" + aggregate + ": expected version " + version
                + ", found " + (version + 1);
        // the fold written with every chunk of 100: a rerun resumes after the last chunk before the gap
        String[] rebuild = {"rebuild", "account-balances", "--replay.rebuild.chunk-size=100",
            "--replay.rebuild.flush-events=100"};

        // when
        Result failed = run(rebuild);
        Result rerun = run(rebuild);
        Result again = run(rebuild);

        // then
        assertThat(failed.status()).isEqualTo(1);
        assertThat(failed.err()).contains(named);
        assertThat(rerun.status()).as(rerun.out()).isEqualTo(1);
        assertThat(rerun.err()).contains(named);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains(named);
        assertThat(jdbc.queryForObject("select count(distinct job_instance_id) from batch_job_execution", Long.class))
                .as("reruns resume the same rebuild").isEqualTo(1L);
        assertThat(jdbc.queryForList("select read_count from batch_step_execution where step_name = 'replay'"
                + " order by step_execution_id", Long.class))
                .as("a resumed attempt reads on from the first's last committed chunk")
                .hasSize(3).satisfies(counts -> assertThat(counts.get(1)).isLessThan(counts.get(0)));
        assertThat(jdbc.queryForObject("select count(*) from projection_build where status = 'live'", Long.class))
                .as("nothing swapped in").isZero();
    }
}
