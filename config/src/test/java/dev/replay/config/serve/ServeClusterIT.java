package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two {@code serve} processes on one PostgreSQL, one schedule firing every two seconds whose run
 * (an export capped at 1,500 events/s over 4,000 events) lasts longer than that: every firing
 * runs once in the cluster, and no run overlaps another.
 */
class ServeClusterIT {

    @TempDir
    Path workDir;

    @Test
    void eachFiringRunsOnceAndALongRunIsNotOverlapped() throws Exception {
        // given
        try (TestDatabase database = TestDatabase.create()) {
            assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "4000", "--accounts", "100").status()).isZero();
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            String[] schedule = {"--replay.schedules.slow-export.cron=0/2 * * * * ?",
                "--replay.schedules.slow-export.job=export",
                "--replay.schedules.slow-export.out=" + workDir.resolve("all.jsonl"),
                "--replay.schedules.slow-export.overwrite=true",
                "--replay.schedules.slow-export.max-rate=1500",
                "--replay.export.chunk-size=500", "--replay.export.page-size=500"};

            // when
            try (ServeProcess first = ServeProcess.start(workDir.resolve("a"), database.jdbcUrl(), schedule);
                 ServeProcess second = ServeProcess.start(workDir.resolve("b"), database.jdbcUrl(), schedule)) {
                assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state", Long.class)).isEqualTo(2);
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> jdbc.queryForObject("select count(*) from batch_job_execution where status = 'COMPLETED'",
                                Long.class) >= 4);
            }

            // then
            List<Map<String, Object>> firings = jdbc.queryForList(
                    "select scheduled_at, instance_id, outcome from schedule_firing order by firing_id");
            assertThat(firings).hasSizeGreaterThanOrEqualTo(4);
            assertThat(firings).extracting(f -> f.get("outcome")).containsOnly("LAUNCHED");
            assertThat(firings).extracting(f -> f.get("scheduled_at")).doesNotHaveDuplicates();
            List<Map<String, Object>> runs = jdbc.queryForList("select start_time, end_time from batch_job_execution"
                    + " where end_time is not null order by start_time");
            for (int i = 1; i < runs.size(); i++) {
                assertThat(((Timestamp) runs.get(i).get("start_time")).toInstant())
                        .as("run %d starts after run %d ended", i, i - 1)
                        .isAfterOrEqualTo(((Timestamp) runs.get(i - 1).get("end_time")).toInstant());
            }
            assertThat(((Timestamp) runs.get(0).get("end_time")).getTime() - ((Timestamp) runs.get(0).get("start_time")).getTime())
                    .as("a run lasts longer than the schedule's period").isGreaterThan(2000);
        }
    }
}
