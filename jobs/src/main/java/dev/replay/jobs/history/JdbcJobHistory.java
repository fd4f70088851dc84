package dev.replay.jobs.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads job executions from the Spring Batch metadata tables ({@code BATCH_*}), the source of the
 * {@code jobs} listing and the dashboard. One query, newest first, counts summed over steps.
 *
 * <p>Thread-safe.
 */
public class JdbcJobHistory {

    private static final String RECENT = """
            select e.job_execution_id, i.job_name, e.status, e.exit_code, e.start_time, e.end_time,
                   coalesce(sum(s.read_count), 0) as read_count, coalesce(sum(s.write_count), 0) as write_count,
                   coalesce(sum(s.read_skip_count + s.process_skip_count + s.write_skip_count), 0) as skip_count,
                   e.exit_message
              from batch_job_execution e
              join batch_job_instance i on i.job_instance_id = e.job_instance_id
              left join batch_step_execution s on s.job_execution_id = e.job_execution_id
               and s.step_name <> 'replay-partitioned' -- a partitioned step's counts are its partitions'
             where (cast(? as text) is null or i.job_name = ?)
               and (cast(? as bigint) is null or e.job_execution_id = ?)
             group by e.job_execution_id, i.job_name
             order by e.job_execution_id desc
             limit ?
            """;

    private static final String STEPS = """
            select step_execution_id, step_name, status, exit_code, start_time, end_time, read_count, write_count,
                   read_skip_count + process_skip_count + write_skip_count, commit_count, rollback_count, exit_message
              from batch_step_execution
             where job_execution_id = ?
             order by step_execution_id
            """;

    private final JdbcTemplate jdbc;

    public JdbcJobHistory(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The newest {@code limit} executions, of one job or of all when {@code jobName} is null. */
    public List<JobRun> recent(String jobName, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return jdbc.query(RECENT, JdbcJobHistory::row, jobName, jobName, null, null, limit);
    }

    /** The execution with this id, if there is one. */
    public Optional<JobRun> find(long executionId) {
        return jdbc.query(RECENT, JdbcJobHistory::row, null, null, executionId, executionId, 1).stream().findFirst();
    }

    /** The steps of an execution, in the order they started. */
    public List<StepRun> steps(long executionId) {
        return jdbc.query(STEPS, (rs, n) -> new StepRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                rs.getLong(10), rs.getLong(11), rs.getString(12)), executionId);
    }

    /** The partitions each of the given executions was launched with, for those that were partitioned. */
    public Map<Long, Integer> partitions(Collection<Long> executionIds) {
        if (executionIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Integer> partitions = new HashMap<>();
        jdbc.query("select job_execution_id, parameter_value from batch_job_execution_params where parameter_name = ?"
                + " and job_execution_id in (" + executionIds.stream().map(id -> "?").collect(Collectors.joining(", "))
                + ")", rs -> {
                    partitions.put(rs.getLong(1), Integer.valueOf(rs.getString(2).strip()));
                }, Stream.concat(Stream.of(RebuildJobConfiguration.PARTITIONS), executionIds.stream()).toArray());
        return partitions;
    }

    private static JobRun row(ResultSet rs, int rowNum) throws SQLException {
        return new JobRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
                rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
