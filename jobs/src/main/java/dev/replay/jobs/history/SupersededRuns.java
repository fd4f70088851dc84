package dev.replay.jobs.history;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which unfinished rebuild executions a newer completed rebuild of the same projection has
 * superseded, from the Spring Batch metadata alone (any process sees the same).
 *
 * <p>The rule: a {@code rebuild} execution whose status is not COMPLETED (FAILED, STOPPED,
 * ABANDONED, or STARTED by a process that was killed) is superseded by the first later COMPLETED
 * {@code rebuild} execution of the same projection that is
 * <ul>
 *   <li>of its own job instance (its restart completed the run), or</li>
 *   <li>of a newer job instance that is a full rebuild (a newer build was swapped in: it supersedes
 *       an older full rebuild and an older catch-up alike), or</li>
 *   <li>of a newer catch-up instance, when it is a catch-up itself (the live mark moved on past
 *       where it started).</li>
 * </ul>
 * A newer completed catch-up does not supersede an unfinished full rebuild: that one writes a copy
 * of its own, and the next catch-up after its swap applies what it lacks. This is the same line
 * that {@code RebuildCurrency} draws from the live build and mark, so what the views mark as
 * superseded is what the launcher refuses to restart. Thread-safe.
 */
public class SupersededRuns {

    private static final String SUPERSEDED_BY = """
            with rebuilds as (
              select e.job_execution_id as id, e.job_instance_id as instance, e.status,
                     max(case when p.parameter_name = 'projection' then p.parameter_value end) as projection,
                     max(case when p.parameter_name = 'mode' then p.parameter_value end) as mode
                from batch_job_execution e
                join batch_job_instance i on i.job_instance_id = e.job_instance_id
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
               where i.job_name = 'rebuild' and p.parameter_name in ('projection', 'mode')
               group by e.job_execution_id, e.job_instance_id, e.status
            )
            select old.id, min(new.id)
              from rebuilds old
              join rebuilds new on new.projection = old.projection and new.status = 'COMPLETED' and new.id > old.id
               and (new.instance = old.instance
                    or (new.instance > old.instance and (new.mode = 'full' or old.mode = 'catch-up')))
             where old.status <> 'COMPLETED' and old.id in (%s)
             group by old.id
            """;

    private final JdbcTemplate jdbc;

    public SupersededRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The id of the execution that superseded each of the given executions that is superseded. */
    public Map<Long, Long> supersededBy(Collection<Long> executionIds) {
        if (executionIds.isEmpty()) {
            return Collections.emptyMap();
        }
        String placeholders = executionIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        Map<Long, Long> superseded = new HashMap<>();
        jdbc.query(SUPERSEDED_BY.formatted(placeholders), rs -> {
            superseded.put(rs.getLong(1), rs.getLong(2));
        }, executionIds.toArray());
        return superseded;
    }

    /** The id of the execution that superseded this one, or empty when it is not superseded. */
    public Optional<Long> supersededBy(long executionId) {
        return Optional.ofNullable(supersededBy(List.of(executionId)).get(executionId));
    }
}
