package dev.replay.jobs.export;

import dev.replay.readers.HighWaterMark;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code export_run} table (migration V8): one row per export job instance. Joins the
 * caller's transaction on the same DataSource. Thread-safe.
 */
public class JdbcExportRuns {

    private final JdbcTemplate jdbc;

    public JdbcExportRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<ExportRun> find(long jobInstanceId) {
        return jdbc.query("select job_instance_id, high_water_mark, events_total from export_run where job_instance_id = ?",
                (rs, n) -> new ExportRun(rs.getLong(1), HighWaterMark.parse(rs.getString(2)), rs.getLong(3)),
                jobInstanceId).stream().findFirst();
    }

    /** The run of a job instance whose prepare step committed. */
    public ExportRun get(long jobInstanceId) {
        return find(jobInstanceId).orElseThrow(() -> new IllegalStateException("Export job instance " + jobInstanceId
                + " has no export_run row; its prepare step did not commit"));
    }

    public void insert(ExportRun run) {
        jdbc.update("insert into export_run (job_instance_id, high_water_mark, events_total) values (?, ?, ?)",
                run.jobInstanceId(), run.highWaterMark().toString(), run.eventsTotal());
    }
}
