package dev.replay.jobs.history;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the progress of job executions from the database alone, so that any process (the one
 * running the job or another {@code serve} instance) sees the same: committed read counts of the
 * main step from the Spring Batch metadata against the total that each run recorded when it
 * started ({@code rebuild_run}, {@code archive_run}, {@code export_run}). A partitioned rebuild's
 * main step is its partitions ({@code replay-partition:*}, wherever they ran: the workers record them
 * in the same repository), summed; the manager step, which adds them up only when it ends, is left out.
 * Thread-safe.
 */
public class JdbcJobProgress {

    private static final String PROGRESS = """
            select e.job_execution_id,
                   (select s.step_name from batch_step_execution s
                     where s.job_execution_id = e.job_execution_id
                     order by s.step_execution_id desc limit 1) as step,
                   (select coalesce(sum(s.read_count), 0) from batch_step_execution s
                      join batch_job_execution p on p.job_execution_id = s.job_execution_id
                     where p.job_instance_id = e.job_instance_id and p.job_execution_id <= e.job_execution_id
                       and (s.step_name in ('replay', 'archive', 'export')
                            or s.step_name like 'replay-partition:%%')) as done,
                   coalesce(r.events_total, a.events_total, x.events_total, 0) as total
              from batch_job_execution e
              left join rebuild_run r on r.job_instance_id = e.job_instance_id
              left join archive_run a on a.job_instance_id = e.job_instance_id
              left join export_run x on x.job_instance_id = e.job_instance_id
             where e.job_execution_id in (%s)
            """;

    private final JdbcTemplate jdbc;

    public JdbcJobProgress(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The progress of each of the given executions that exists, by execution id. */
    public Map<Long, JobProgress> of(Collection<Long> executionIds) {
        if (executionIds.isEmpty()) {
            return Collections.emptyMap();
        }
        String placeholders = executionIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        Map<Long, JobProgress> progress = new HashMap<>();
        jdbc.query(PROGRESS.formatted(placeholders), rs -> {
            progress.put(rs.getLong(1), new JobProgress(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }, executionIds.toArray());
        return progress;
    }
}
