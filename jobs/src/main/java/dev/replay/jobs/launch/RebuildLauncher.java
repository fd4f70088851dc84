package dev.replay.jobs.launch;

import dev.replay.jobs.rebuild.Projections;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import dev.replay.jobs.rebuild.RebuildMode;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Launches rebuilds so that a plain re-run does the right thing: an unfinished rebuild of the
 * same projection and mode (failed, stopped, or left STARTED by a killed process) is restarted
 * from its last committed chunk; otherwise a new job instance starts. A session advisory lock per
 * projection refuses a second concurrent rebuild of it, and proves a STARTED execution without
 * the lock to be stale, which is then marked failed ({@link JobOperator#recover}) and restarted.
 *
 * <p>Runs the job synchronously on the calling thread. Thread-safe.
 */
public class RebuildLauncher {

    private static final Logger log = LoggerFactory.getLogger(RebuildLauncher.class);
    private static final List<BatchStatus> RESUMABLE = List.of(BatchStatus.FAILED, BatchStatus.STOPPED,
            BatchStatus.STARTED, BatchStatus.STARTING, BatchStatus.STOPPING);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final Projections projections;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public RebuildLauncher(JobOperator operator, JobRepository repository, Job rebuildJob, Projections projections,
                           DataSource dataSource) {
        this.operator = operator;
        this.repository = repository;
        this.job = rebuildJob;
        this.projections = projections;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Rebuilds the projection, resuming its unfinished rebuild if there is one.
     *
     * @throws IllegalArgumentException naming the projection when it is unknown
     * @throws JobAlreadyRunningException when a rebuild of the projection runs elsewhere
     */
    public JobExecution run(String projection, RebuildMode mode) throws Exception {
        projections.get(projection);
        try (JobLock lock = lock(projection)) {
            Optional<JobExecution> unfinished = lastExecution(projection, mode)
                    .filter(execution -> RESUMABLE.contains(execution.getStatus()));
            if (unfinished.isPresent()) {
                return restart(unfinished.get());
            }
            JobParameters parameters = new JobParametersBuilder()
                    .addString(RebuildJobConfiguration.PROJECTION, projection)
                    .addString(RebuildJobConfiguration.MODE, mode.parameter())
                    .addLong(RebuildJobConfiguration.RUN, System.currentTimeMillis())
                    .toJobParameters();
            return operator.start(job, parameters);
        }
    }

    /**
     * Restarts the given execution of a rebuild from its last committed chunk.
     *
     * @throws IllegalArgumentException naming the id when there is no such rebuild execution
     * @throws JobAlreadyRunningException when it (or another rebuild of its projection) is running
     */
    public JobExecution restart(long executionId) throws Exception {
        JobExecution execution = repository.getJobExecution(executionId);
        if (execution == null || !RebuildJobConfiguration.JOB.equals(execution.getJobInstance().getJobName())) {
            throw new IllegalArgumentException("No rebuild execution with id " + executionId);
        }
        String projection = execution.getJobParameters().getString(RebuildJobConfiguration.PROJECTION);
        try (JobLock lock = lock(projection)) {
            return restart(execution);
        }
    }

    private JobExecution restart(JobExecution execution) throws Exception {
        if (execution.isRunning()) {
            // we hold the projection's lock, so the process that ran it is gone
            log.warn("Rebuild [{}]. Execution {} was left {} by a process that died; marking it failed",
                    execution.getJobParameters().getString(RebuildJobConfiguration.PROJECTION),
                    execution.getId(), execution.getStatus());
            execution = operator.recover(execution);
        }
        log.info("Rebuild [{}]. Restarting execution {}",
                execution.getJobParameters().getString(RebuildJobConfiguration.PROJECTION), execution.getId());
        return operator.restart(execution);
    }

    private JobLock lock(String projection) {
        return JobLock.tryAcquire(dataSource, "replay:rebuild:" + projection).orElseThrow(() ->
                new JobAlreadyRunningException("Rebuild [" + projection + "] is already running"
                        + runningExecution(projection).map(id -> " as execution " + id
                        + "; wait for it or stop it with 'stop " + id + "'").orElse("")));
    }

    private Optional<Long> runningExecution(String projection) {
        return jdbc.queryForList("""
                select e.job_execution_id from batch_job_execution e
                  join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                 where p.parameter_name = 'projection' and p.parameter_value = ?
                   and e.status in ('STARTING', 'STARTED', 'STOPPING')
                 order by e.job_execution_id desc limit 1
                """, Long.class, projection).stream().findFirst();
    }

    private Optional<JobExecution> lastExecution(String projection, RebuildMode mode) {
        return jdbc.queryForList("""
                select e.job_execution_id from batch_job_execution e
                  join batch_job_instance i on i.job_instance_id = e.job_instance_id
                  join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                   and p.parameter_name = 'projection' and p.parameter_value = ?
                  join batch_job_execution_params m on m.job_execution_id = e.job_execution_id
                   and m.parameter_name = 'mode' and m.parameter_value = ?
                 where i.job_name = ?
                 order by e.job_execution_id desc limit 1
                """, Long.class, projection, mode.parameter(), RebuildJobConfiguration.JOB)
                .stream().findFirst().map(repository::getJobExecution);
    }
}
