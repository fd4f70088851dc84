package dev.replay.jobs.purge;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes old Spring Batch job instances, with their executions, parameters, step executions and
 * contexts, and the platform's run rows of them ({@code rebuild_run}, {@code archive_run},
 * {@code export_run}), in the caller's transaction.
 *
 * <p>An instance goes only when it is finished (its last execution COMPLETED or ABANDONED) and all
 * its executions ended before the cutoff, and nothing still needs it: not the full rebuild that made
 * a build whose tables are still there (the live build, a kept copy) nor the newest completed
 * catch-up of one; not an archive run whose segments are in the catalog; not the newest export of an
 * output (it proves the output the platform's, for {@code overwrite}). Failed, stopped, killed and
 * running executions stay: a launcher or {@code restart <id>} resumes them. Thread-safe.
 */
final class BatchMetadataPurge {

    static final String INSTANCES = "job-instances";
    static final String EXECUTIONS = "job-executions";
    static final String STEPS = "step-executions";
    static final String RUN_ROWS = "run-rows";

    private static final String SELECT = """
            insert into replay_purge_instance
            select i.job_instance_id from batch_job_instance i
             where (select e.status from batch_job_execution e where e.job_instance_id = i.job_instance_id
                     order by e.job_execution_id desc limit 1) in ('COMPLETED', 'ABANDONED')
               and not exists (select 1 from batch_job_execution e where e.job_instance_id = i.job_instance_id
                                and (e.end_time is null or e.end_time >= ?))
               and not exists (select 1 from rebuild_run r
                                 join projection_build b on b.projection = r.projection and b.build = r.build
                                where r.job_instance_id = i.job_instance_id and b.dropped_at is null
                                  and (r.mode = 'full' or r.job_instance_id = (
                                       select max(c.job_instance_id) from rebuild_run c
                                         join batch_job_execution ce on ce.job_instance_id = c.job_instance_id
                                        where c.projection = r.projection and c.build = r.build
                                          and c.mode = 'catch-up' and ce.status = 'COMPLETED')))
               and not exists (select 1 from archive_run a where a.job_instance_id = i.job_instance_id
                                  and exists (select 1 from archive_segment s where s.run_id = a.run_id))
               and not exists (select 1 from export_run x
                                 join batch_job_execution xe on xe.job_instance_id = x.job_instance_id
                                 join batch_job_execution_params xp on xp.job_execution_id = xe.job_execution_id
                                  and xp.parameter_name = 'out'
                                where x.job_instance_id = i.job_instance_id
                                  and x.job_instance_id = (select max(y.job_instance_id) from export_run y
                                        join batch_job_execution ye on ye.job_instance_id = y.job_instance_id
                                        join batch_job_execution_params yp on yp.job_execution_id = ye.job_execution_id
                                         and yp.parameter_name = 'out' and yp.parameter_value = xp.parameter_value))
            """;
    private static final String EXECUTION_IDS = "select e.job_execution_id from batch_job_execution e"
            + " join replay_purge_instance p on p.job_instance_id = e.job_instance_id";
    private static final String STEP_IDS = "select s.step_execution_id from batch_step_execution s"
            + " where s.job_execution_id in (" + EXECUTION_IDS + ")";
    private static final String INSTANCE_IDS = "select job_instance_id from replay_purge_instance";

    private final JdbcTemplate jdbc;

    BatchMetadataPurge(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Deletes what the class comment says; returns the counts by kind, in the order above. */
    Map<String, Long> deleteOlderThan(Instant cutoff) {
        // Spring Batch writes its times as local date-times of the JVM's zone
        jdbc.execute("create temporary table replay_purge_instance (job_instance_id bigint primary key) on commit drop");
        jdbc.update(SELECT, LocalDateTime.ofInstant(cutoff, ZoneId.systemDefault()));
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.update("delete from batch_step_execution_context where step_execution_id in (" + STEP_IDS + ")");
        counts.put(STEPS, delete("batch_step_execution", "job_execution_id", EXECUTION_IDS));
        delete("batch_job_execution_context", "job_execution_id", EXECUTION_IDS);
        delete("batch_job_execution_params", "job_execution_id", EXECUTION_IDS);
        counts.put(EXECUTIONS, delete("batch_job_execution", "job_execution_id", EXECUTION_IDS));
        long runs = 0;
        for (String table : new String[] {"rebuild_run", "archive_run", "export_run"}) {
            runs += delete(table, "job_instance_id", INSTANCE_IDS);
        }
        counts.put(INSTANCES, delete("batch_job_instance", "job_instance_id", INSTANCE_IDS));
        counts.put(RUN_ROWS, runs);
        jdbc.execute("drop table replay_purge_instance"); // a second call in the same transaction starts afresh
        return counts;
    }

    private long delete(String table, String column, String ids) {
        return jdbc.update("delete from " + table + " where " + column + " in (" + ids + ")");
    }
}
