package dev.replay.jobs.rebuild;

import dev.replay.readers.HighWaterMark;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code rebuild_run} table: one row per rebuild job instance. Joins the caller's
 * transaction on the same DataSource. Thread-safe.
 */
public class JdbcRebuildRuns {

    private final JdbcTemplate jdbc;

    public JdbcRebuildRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<RebuildRun> find(long jobInstanceId) {
        return jdbc.query("""
                select job_instance_id, projection, mode, build, high_water_mark, events_total
                  from rebuild_run where job_instance_id = ?
                """, (rs, n) -> new RebuildRun(rs.getLong(1), rs.getString(2), RebuildMode.of(rs.getString(3)),
                rs.getLong(4), HighWaterMark.parse(rs.getString(5)), rs.getLong(6)), jobInstanceId)
                .stream().findFirst();
    }

    public void insert(RebuildRun run) {
        jdbc.update("""
                insert into rebuild_run (job_instance_id, projection, mode, build, high_water_mark, events_total)
                values (?, ?, ?, ?, ?, ?)
                """, run.jobInstanceId(), run.projection(), run.mode().parameter(), run.build(),
                run.highWaterMark().toString(), run.eventsTotal());
    }
}
