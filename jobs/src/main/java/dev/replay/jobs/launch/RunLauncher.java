package dev.replay.jobs.launch;

import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The run lifecycle's launch, which every family's launcher parameterises: under the job's lock and
 * the archive tier's ({@link RunScope}), check, resume the unfinished execution of the same target,
 * or start a fresh one. Because the caller holds the lock, an execution still marked running was
 * left by a process that died: {@link JobRuns#restart} marks it failed before restarting it.
 *
 * <p>Runs the job synchronously on the calling thread. Thread-safe.
 */
final class RunLauncher {

    private final JobOperator operator;
    private final Job job;
    private final JobRuns runs;
    private final Function<JobExecution, String> subject;

    /** @param subject names an execution in the restart's log lines, e.g. {@code Archive [<cutoff>]} */
    RunLauncher(JobOperator operator, JobRepository repository, Job job, DataSource dataSource,
                Function<JobExecution, String> subject) {
        this.operator = operator;
        this.job = job;
        this.runs = new JobRuns(operator, repository, dataSource);
        this.subject = subject;
    }

    /** A family's part of one launch; the defaults resume whatever is unfinished and check nothing. */
    interface Launch {

        /** Checks under the locks, before anything is resumed or started: a store claim, an output guard. */
        default void check() throws Exception {
        }

        /** The last execution of the launch's target, when it is unfinished. */
        Optional<JobExecution> unfinished();

        /** Whether to resume the unfinished execution; one that is not resumed may be abandoned here. */
        default boolean resumes(JobExecution unfinished) throws Exception {
            return true;
        }

        /** Whether the resumed execution answers the launch; if not, a fresh run follows it. */
        default boolean answers(JobExecution resumed) {
            return true;
        }

        /** Last checks before a fresh run, given the unfinished execution that was not resumed or did not answer. */
        default void beforeStart(Optional<JobExecution> unfinished) throws Exception {
        }

        /** The fresh run's job parameters. */
        JobParameters parameters();
    }

    /** A check under the locks, before a restart. */
    @FunctionalInterface
    interface Check {
        void check() throws Exception;
    }

    JobRuns runs() {
        return runs;
    }

    /** The launch: resumes the unfinished execution or starts a fresh one, under the scope's locks. */
    JobExecution run(RunScope scope, Launch launch) throws Exception {
        try (JobLock lock = lock(scope); JobLock tier = tier(scope)) {
            launch.check();
            Optional<JobExecution> unfinished = launch.unfinished();
            if (unfinished.isPresent() && launch.resumes(unfinished.get())) {
                JobExecution resumed = restart(unfinished.get());
                if (launch.answers(resumed)) {
                    return resumed;
                }
            }
            launch.beforeStart(unfinished);
            return operator.start(job, launch.parameters());
        }
    }

    /** Restarts the execution from its last commit after {@code check}, under the scope's locks. */
    JobExecution restart(JobExecution execution, RunScope scope, Check check) throws Exception {
        try (JobLock lock = lock(scope); JobLock tier = tier(scope)) {
            check.check();
            return restart(execution);
        }
    }

    /** The job's own lock alone, or a {@link JobAlreadyRunningException} naming the running execution. */
    JobLock lock(RunScope scope) {
        return runs.lock(scope.key(), scope.subject(), scope.running());
    }

    private JobLock tier(RunScope scope) {
        return scope.tier() == RunScope.Tier.WRITE ? runs.writeArchiveTier(scope.subject())
                : runs.readArchiveTier(scope.subject());
    }

    private JobExecution restart(JobExecution execution) throws Exception {
        return runs.restart(execution, subject.apply(execution));
    }
}
