package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportOutput;
import dev.replay.readers.HighWaterMark;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the job repository and the {@code export_run} ledger record of exports' outputs (their
 * {@code out} parameter): which are unfinished, and which an earlier export wrote to. The export
 * runs themselves are in the lifecycle's ledger ({@link ExportRun#TABLE}). Thread-safe.
 */
public class JdbcExportRuns {

    private static final String UNFINISHED_OUTPUTS = """
            select e.job_execution_id, e.status, p.parameter_value from batch_job_execution e
              join batch_job_instance i on i.job_instance_id = e.job_instance_id
              join batch_job_execution_params p on p.job_execution_id = e.job_execution_id and p.parameter_name = 'out'
             where i.job_name = 'export' and e.status not in ('COMPLETED', 'ABANDONED')
               and e.job_execution_id = (select max(x.job_execution_id) from batch_job_execution x
                                          where x.job_instance_id = e.job_instance_id)
             order by e.job_execution_id
            """;
    private static final String WROTE_TO = """
            select exists (select 1 from export_run r
              join batch_job_execution e on e.job_instance_id = r.job_instance_id
              join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
               and p.parameter_name = 'out' and p.parameter_value = ?
             where r.job_instance_id <> ?)
            """;

    private final JdbcTemplate jdbc;

    public JdbcExportRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The outputs of exports whose last execution neither completed nor was abandoned: running or resumable. */
    public List<UnfinishedOutput> unfinishedOutputs() {
        return jdbc.query(UNFINISHED_OUTPUTS, (rs, n) -> new UnfinishedOutput(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    /**
     * Whether an export other than job instance {@code exceptInstance} was launched with exactly
     * this output and got past its prepare step (so it cleared or created the output and wrote there).
     */
    public boolean wroteTo(ExportOutput output, long exceptInstance) {
        return Boolean.TRUE.equals(jdbc.queryForObject(WROTE_TO, Boolean.class, output.uri().toString(), exceptInstance));
    }

    /** An export execution that is running or resumable, and its {@code out} parameter as recorded. */
    public record UnfinishedOutput(long executionId, String status, String out) {
    }
}
