package dev.replay.jobs.archive;

import dev.replay.readers.HighWaterMark;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code archive_run} table (migration V7): one row per archive job instance. Joins the
 * caller's transaction on the same DataSource. Thread-safe.
 */
public class JdbcArchiveRuns {

    private final JdbcTemplate jdbc;

    public JdbcArchiveRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<ArchiveRun> find(long jobInstanceId) {
        return jdbc.query("""
                select job_instance_id, run_id, before, high_water_mark, events_total
                  from archive_run where job_instance_id = ?
                """, (rs, n) -> new ArchiveRun(rs.getLong(1), rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(), HighWaterMark.parse(rs.getString(4)),
                rs.getLong(5)), jobInstanceId).stream().findFirst();
    }

    public void insert(ArchiveRun run) {
        jdbc.update("""
                insert into archive_run (job_instance_id, run_id, before, high_water_mark, events_total)
                values (?, ?, ?, ?, ?)
                """, run.jobInstanceId(), run.runId(), run.before().atOffset(ZoneOffset.UTC),
                run.highWaterMark().toString(), run.eventsTotal());
    }
}
