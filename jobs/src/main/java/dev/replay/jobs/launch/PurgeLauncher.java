package dev.replay.jobs.launch;

import dev.replay.jobs.purge.PurgeJobConfiguration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Launches the {@code purge} job as the other launchers launch theirs: one purge at a time (lock
 * {@code replay:purge}), an unfinished purge (killed, failed) restarted first with its own cutoff,
 * then, if the requested cutoff differs, a fresh one. It holds the archive tier shared, so it waits
 * while an archive run moves events (and creates run rows). Runs the job synchronously on the calling
 * thread. Thread-safe.
 */
public class PurgeLauncher {

    private static final String LOCK = "replay:purge";
    private static final String RUNNING = """
            select e.job_execution_id from batch_job_execution e
              join batch_job_instance i on i.job_instance_id = e.job_instance_id
             where i.job_name = ? and e.status in ('STARTING', 'STARTED', 'STOPPING')
             order by e.job_execution_id desc limit 1
            """;

    private final RunLauncher launcher;
    private final RunScope scope;

    public PurgeLauncher(JobOperator operator, JobRepository repository, Job purgeJob, DataSource dataSource) {
        this.launcher = new RunLauncher(operator, repository, purgeJob, dataSource,
                execution -> "Purge [before " + cutoff(execution) + "]");
        JobRuns runs = launcher.runs();
        this.scope = new RunScope(LOCK, "Purge", () -> runs.firstId(RUNNING, PurgeJobConfiguration.JOB),
                RunScope.Tier.READ);
    }

    /**
     * Deletes the metadata, firings and dead letters older than {@code before}, after finishing an unfinished purge.
     *
     * @param olderThan the duration {@code before} was counted back by, as given, recorded with the run; may be null
     * @throws JobAlreadyRunningException when a purge is going on elsewhere
     * @return the last execution: the resumed one if it failed again or had this cutoff, else the new one
     */
    public JobExecution run(Instant before, String olderThan) throws Exception {
        Objects.requireNonNull(before, "before");
        return launcher.run(scope, new RunLauncher.Launch() {
            @Override
            public Optional<JobExecution> unfinished() {
                return launcher.runs().unfinishedLast(PurgeJobConfiguration.JOB, Map.of());
            }

            @Override
            public boolean answers(JobExecution resumed) {
                return resumed.getStatus() != BatchStatus.COMPLETED || before.equals(cutoff(resumed));
            }

            @Override
            public JobParameters parameters() {
                JobParametersBuilder parameters = new JobParametersBuilder()
                        .addString(PurgeJobConfiguration.BEFORE, before.toString())
                        .addLong(PurgeJobConfiguration.RUN, System.currentTimeMillis());
                if (olderThan != null) {
                    parameters.addString(PurgeJobConfiguration.OLDER_THAN, olderThan, false);
                }
                return parameters.toJobParameters();
            }
        });
    }

    /**
     * Restarts the given purge execution.
     *
     * @throws IllegalArgumentException naming the id when there is no such purge execution
     * @throws JobAlreadyRunningException when a purge is going on elsewhere
     */
    public JobExecution restart(long executionId) throws Exception {
        JobExecution execution = launcher.runs().execution(executionId, PurgeJobConfiguration.JOB, "purge");
        return launcher.restart(execution, scope, () -> { });
    }

    /** The cutoff of a purge execution. */
    public static Instant cutoff(JobExecution execution) {
        return Instant.parse(execution.getJobParameters().getString(PurgeJobConfiguration.BEFORE));
    }
}
