package dev.replay.jobs.launch;

import dev.replay.jobs.history.JobExecutions;
import dev.replay.jobs.support.HeldLocks;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every launcher does around a job run: take the job's advisory lock (refusing a concurrent
 * run, naming it), find the last execution, and restart an unfinished one. Because the caller holds
 * the lock, an execution still marked running was left by a process that died: it is marked failed
 * ({@link JobOperator#recover}) before the restart. Thread-safe.
 */
final class JobRuns {

    private static final Logger log = LoggerFactory.getLogger(JobRuns.class);
    private static final List<BatchStatus> RESUMABLE = List.of(BatchStatus.FAILED, BatchStatus.STOPPED,
            BatchStatus.STARTED, BatchStatus.STARTING, BatchStatus.STOPPING, BatchStatus.UNKNOWN);

    private static final String RUNNING_WITH_PARAMETER = """
            select e.job_execution_id from batch_job_execution e
              join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
             where p.parameter_name = ? and p.parameter_value = ?
               and e.status in ('STARTING', 'STARTED', 'STOPPING')
             order by e.job_execution_id desc limit 1
            """;
    private static final String ARCHIVE_TIER = HeldLocks.ARCHIVE_TIER;

    private final JobOperator operator;
    private final JobRepository repository;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    JobRuns(JobOperator operator, JobRepository repository, DataSource dataSource) {
        this.operator = operator;
        this.repository = repository;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * The lock {@code key}, or a {@link JobAlreadyRunningException} saying that {@code subject} is
     * already running, with the running execution's id when {@code running} finds one.
     */
    JobLock lock(String key, String subject, Supplier<Optional<Long>> running) {
        return JobLock.tryAcquire(dataSource, key).orElseThrow(() ->
                new JobAlreadyRunningException(subject + " is already running" + running.get()
                        .map(id -> " as execution " + id + "; wait for it or stop it with 'stop " + id + "'")
                        .orElse("")));
    }

    /**
     * The archive tier's shared lock, held by every replay (rebuild, export) for its whole run:
     * archival moves events from the hot store into new segments, which a replay that listed the
     * catalog before would miss. Waits, saying so, while an archive run holds it exclusively.
     */
    JobLock readArchiveTier(String subject) {
        return JobLock.acquireShared(dataSource, ARCHIVE_TIER, () ->
                log.warn("{}. Waiting for the archive run to finish: it is moving events into new segments", subject));
    }

    /** The archive tier's exclusive lock, held by an archive run; waits for running replays. */
    JobLock writeArchiveTier(String subject) {
        return JobLock.acquireExclusive(dataSource, ARCHIVE_TIER, () ->
                log.warn("{}. Waiting for running replays to finish: they read the hot store and the archive", subject));
    }

    /** The newest running execution whose job parameter {@code parameter} is {@code value}. */
    Optional<Long> running(String parameter, String value) {
        return firstId(RUNNING_WITH_PARAMETER, parameter, value);
    }

    /** The first execution id that {@code sql} selects with {@code args}. */
    Optional<Long> firstId(String sql, Object... args) {
        return jdbc.queryForList(sql, Long.class, args).stream().findFirst();
    }

    /** The execution {@code sql} selects, when it failed, was stopped or was left running. */
    Optional<JobExecution> unfinished(String sql, Object... args) {
        return firstId(sql, args).map(repository::getJobExecution)
                .filter(execution -> RESUMABLE.contains(execution.getStatus()));
    }

    /**
     * The newest execution of job {@code jobName} launched with these parameter values, when it
     * failed, was stopped or was left running: the run a launch resumes.
     */
    Optional<JobExecution> unfinishedLast(String jobName, Map<String, String> parameters) {
        StringBuilder sql = new StringBuilder("select e.job_execution_id from batch_job_execution e"
                + " join batch_job_instance i on i.job_instance_id = e.job_instance_id");
        List<Object> args = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String p = "p" + n++;
            sql.append(" join batch_job_execution_params ").append(p).append(" on ").append(p)
                    .append(".job_execution_id = e.job_execution_id and ").append(p).append(".parameter_name = ? and ")
                    .append(p).append(".parameter_value = ?");
            args.add(parameter.getKey());
            args.add(parameter.getValue());
        }
        args.add(jobName);
        return unfinished(sql.append(" where i.job_name = ? order by e.job_execution_id desc limit 1").toString(),
                args.toArray());
    }

    /**
     * The execution with this id of job {@code jobName}.
     *
     * @throws IllegalArgumentException naming the id when there is none
     */
    JobExecution execution(long executionId, String jobName, String what) {
        return JobExecutions.find(repository, executionId)
                .filter(execution -> jobName.equals(execution.getJobInstance().getJobName()))
                .orElseThrow(() -> new IllegalArgumentException("No " + what + " execution with id " + executionId));
    }

    /**
     * Marks the unfinished execution ABANDONED, so that it is never restarted, saying why; call it
     * holding the job's lock (an execution still marked running is first marked failed).
     */
    JobExecution abandon(JobExecution execution, String subject, String why) throws Exception {
        if (execution.isRunning()) {
            execution = operator.recover(execution); // we hold the lock, so the process that ran it is gone
        }
        log.warn("{}. Abandoning execution {}: {}", subject, execution.getId(), why);
        return operator.abandon(execution);
    }

    /** Restarts the execution from its last commit; call it holding the job's lock. */
    JobExecution restart(JobExecution execution, String subject) throws Exception {
        if (execution.isRunning()) {
            // we hold the lock, so the process that ran it is gone
            log.warn("{}. Execution {} was left {} by a process that died; marking it failed",
                    subject, execution.getId(), execution.getStatus());
            execution = operator.recover(execution);
        }
        if (execution.getStatus() == BatchStatus.UNKNOWN
                || execution.getStepExecutions().stream().anyMatch(step -> step.getStatus() == BatchStatus.UNKNOWN)) {
            log.warn("{}. Execution {} ended UNKNOWN: its process lost the database before recording how it ended;"
                    + " marking it failed", subject, execution.getId());
            execution = markFailed(execution);
        }
        log.info("{}. Restarting execution {}", subject, execution.getId());
        return operator.restart(execution);
    }

    /**
     * Spring Batch refuses to restart an UNKNOWN execution or step, fearing a chunk half committed.
     * Here a chunk's writes commit with its checkpoint in one transaction of the same database as
     * the job repository, so the last recorded checkpoint is exactly what committed: resuming from
     * it is exact, as it is after a kill.
     */
    private JobExecution markFailed(JobExecution execution) {
        LocalDateTime now = LocalDateTime.now();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED);
                step.setEndTime(step.getEndTime() == null ? now : step.getEndTime());
                repository.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED);
        execution.setEndTime(execution.getEndTime() == null ? now : execution.getEndTime());
        repository.update(execution);
        return repository.getJobExecution(execution.getId());
    }
}
