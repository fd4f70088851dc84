package dev.replay.jobs.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The rebuild executions of each projection: {@code rebuild_run} (what a job instance works on:
 * projection, mode, build) joined with its executions in the Spring Batch metadata, with the events
 * their replay steps read. Newest first. Thread-safe.
 */
public class ProjectionRuns {

    /** Full and catch-up, in the {@code mode} column of {@code rebuild_run}. */
    public static final String FULL = "full";
    public static final String CATCH_UP = "catch-up";

    private static final String SELECT = """
            select e.job_execution_id, r.projection, r.mode, r.build, e.status, e.start_time, e.end_time,
                   coalesce(sum(s.read_count), 0)
              from rebuild_run r
              join batch_job_execution e on e.job_instance_id = r.job_instance_id
              left join batch_step_execution s on s.job_execution_id = e.job_execution_id
               and (s.step_name = 'replay' or s.step_name like 'replay-partition:%')
            """;

    private static final String RECENT = SELECT + """
             where r.projection = ?
             group by e.job_execution_id, r.projection, r.mode, r.build
             order by e.job_execution_id desc
             limit ?
            """;

    private static final String LAST_COMPLETED = "select distinct on (projection, mode) * from (" + SELECT + """
             where e.status = 'COMPLETED'
             group by e.job_execution_id, r.projection, r.mode, r.build) runs
             order by projection, mode, job_execution_id desc
            """;

    private final JdbcTemplate jdbc;

    public ProjectionRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The newest {@code limit} executions of the projection's rebuilds, whatever their status. */
    public List<ProjectionRun> recent(String projection, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return jdbc.query(RECENT, ProjectionRuns::row, projection, limit);
    }

    /**
     * The latest completed execution of each projection and mode: projection, then mode
     * ({@link #FULL}, {@link #CATCH_UP}) to run.
     */
    public Map<String, Map<String, ProjectionRun>> lastCompleted() {
        Map<String, Map<String, ProjectionRun>> last = new HashMap<>();
        jdbc.query(LAST_COMPLETED, (RowCallbackHandler) rs -> {
            ProjectionRun run = row(rs, 0);
            last.computeIfAbsent(run.projection(), p -> new HashMap<>()).put(run.mode(), run);
        });
        return last;
    }

    private static ProjectionRun row(ResultSet rs, int rowNum) throws SQLException {
        return new ProjectionRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getLong(8));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
