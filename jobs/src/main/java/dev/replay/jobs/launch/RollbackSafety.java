package dev.replay.jobs.launch;

import dev.replay.jobs.launch.RollbackRefusedException.Reason;
import dev.replay.readers.HighWaterMark;
import dev.replay.writers.KeptCopyCheck;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a kept copy, once live again, is brought up to date exactly by the next catch-up, which
 * reads the hot store from the copy's high-water mark on. Not when an archive run that moved
 * segments was bounded above the copy's mark (archival holds back what committed after the marks of
 * live builds and kept copies, so only a run from before the copy was kept can be): events the copy
 * lacks may have left the hot store. Not when a catch-up of the copy wrote chunks into it and never
 * finished, unless it is the projection's newest catch-up and was not abandoned (the next
 * {@code --catch-up} then resumes it from its last commit): its writes are past the copy's mark,
 * and a fresh catch-up would apply them again.
 * Runs in the rollback's transaction. Thread-safe.
 */
final class RollbackSafety implements KeptCopyCheck {

    private static final String ARCHIVED = """
            select a.run_id, a.high_water_mark from archive_run a
             where exists (select 1 from archive_segment s where s.run_id = a.run_id)
             order by a.job_instance_id desc
            """;
    private static final String PARTIAL_CATCH_UP = """
            select e.job_execution_id from rebuild_run r
              join batch_job_execution e on e.job_instance_id = r.job_instance_id
             where r.projection = ? and r.build = ? and r.mode = 'catch-up'
               and e.job_execution_id = (select max(x.job_execution_id) from batch_job_execution x
                                          where x.job_instance_id = r.job_instance_id)
               and e.status <> 'COMPLETED'
               and (e.status = 'ABANDONED' or exists (
                    select 1 from batch_job_execution n
                      join batch_job_execution_params np on np.job_execution_id = n.job_execution_id
                       and np.parameter_name = 'projection' and np.parameter_value = r.projection
                      join batch_job_execution_params nm on nm.job_execution_id = n.job_execution_id
                       and nm.parameter_name = 'mode' and nm.parameter_value = 'catch-up'
                     where n.job_execution_id > e.job_execution_id))
               and exists (select 1 from batch_step_execution s
                            join batch_job_execution w on w.job_execution_id = s.job_execution_id
                           where w.job_instance_id = r.job_instance_id and s.write_count > 0)
             order by e.job_execution_id desc limit 1
            """;

    private final JdbcTemplate jdbc;
    private final String projection;

    RollbackSafety(DataSource dataSource, String projection) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.projection = projection;
    }

    @Override
    public void check(long build, String highWaterMark) {
        String subject = "Projection [" + projection + "] cannot roll back to build " + build;
        if (highWaterMark == null) {
            throw new RollbackRefusedException(Reason.UNSAFE, subject + ": it has no high-water mark to catch up from");
        }
        long upper = HighWaterMark.parse(highWaterMark).upperXmin();
        jdbc.query(ARCHIVED, (rs, n) -> List.of(rs.getString(1), rs.getString(2))).stream()
                .filter(run -> HighWaterMark.parse(run.get(1)).upperXmin() > upper).findFirst().ifPresent(run -> {
                    throw new RollbackRefusedException(Reason.UNSAFE, subject + ": archive run " + run.get(0)
                            + " (high-water mark " + run.get(1) + ") may have moved events committed after its mark "
                            + highWaterMark + " out of the hot store, which a catch-up reads;"
                            + " run 'rebuild " + projection + "' for a fresh build instead");
                });
        jdbc.queryForList(PARTIAL_CATCH_UP, Long.class, projection, build).stream().findFirst().ifPresent(execution -> {
            throw new RollbackRefusedException(Reason.UNSAFE, subject + ": catch-up execution " + execution
                    + " wrote into it past its mark " + highWaterMark + " and never completed, and a newer catch-up"
                    + " superseded it, so a catch-up would apply those events twice; run 'rebuild " + projection
                    + "' for a fresh build instead");
        });
    }
}
