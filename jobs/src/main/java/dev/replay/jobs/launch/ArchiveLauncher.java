package dev.replay.jobs.launch;

import dev.replay.jobs.archive.ArchiveJobConfiguration;
import dev.replay.archive.ArchiveStoreGuard;
import dev.replay.archive.ArchiveOrphanCleanup;
import dev.replay.jobs.support.HeldLocks;
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
 * Launches archive runs so that a plain re-run does the right thing: an unfinished archive run
 * (failed, stopped, or left STARTED by a killed process) is restarted first, with its own cutoff
 * and high-water mark; then, if the requested cutoff differs, a new run starts. One session
 * advisory lock ({@code replay:archive}) refuses a second concurrent archival, proves a STARTED
 * execution without the lock stale (it is then marked failed and restarted), and makes orphan
 * cleanup safe: no other process writes segments while it is held.
 *
 * <p>Runs the job synchronously on the calling thread. Thread-safe.
 */
public class ArchiveLauncher {

    private static final String LOCK = HeldLocks.ARCHIVE;
    private static final String RUNNING = """
            select e.job_execution_id from batch_job_execution e
              join batch_job_instance i on i.job_instance_id = e.job_instance_id
             where i.job_name = ? and e.status in ('STARTING', 'STARTED', 'STOPPING')
             order by e.job_execution_id desc limit 1
            """;

    private final RunLauncher launcher;
    private final ArchiveOrphanCleanup cleanup;
    private final ArchiveStoreGuard guard;
    private final RunScope scope;

    public ArchiveLauncher(JobOperator operator, JobRepository repository, Job archiveJob, ArchiveOrphanCleanup cleanup,
                           ArchiveStoreGuard guard, DataSource dataSource) {
        this.launcher = new RunLauncher(operator, repository, archiveJob, dataSource,
                execution -> "Archive [" + cutoff(execution) + "]");
        this.cleanup = cleanup;
        this.guard = guard;
        JobRuns runs = launcher.runs();
        this.scope = new RunScope(LOCK, "Archive", () -> runs.firstId(RUNNING, ArchiveJobConfiguration.JOB),
                RunScope.Tier.WRITE);
    }

    /**
     * Archives the events that occurred before {@code before}, after finishing an unfinished run.
     *
     * @throws JobAlreadyRunningException when an archive run is going on elsewhere
     * @throws dev.replay.archive.ArchiveStoreConflictException when another store archives at this location
     * @return the last execution: the resumed one if it failed again or had this cutoff, else the new one
     */
    public JobExecution run(Instant before) throws Exception {
        Objects.requireNonNull(before, "before");
        return launcher.run(scope, new RunLauncher.Launch() {
            @Override
            public void check() {
                guard.claim();
            }

            @Override
            public Optional<JobExecution> unfinished() {
                return launcher.runs().unfinishedLast(ArchiveJobConfiguration.JOB, Map.of());
            }

            @Override
            public boolean answers(JobExecution resumed) {
                return resumed.getStatus() != BatchStatus.COMPLETED || before.equals(cutoff(resumed));
            }

            @Override
            public JobParameters parameters() {
                return new JobParametersBuilder()
                        .addString(ArchiveJobConfiguration.BEFORE, before.toString())
                        .addLong(ArchiveJobConfiguration.RUN, System.currentTimeMillis())
                        .toJobParameters();
            }
        });
    }

    /**
     * Restarts the given archive execution from where its committed segments left off.
     *
     * @throws IllegalArgumentException naming the id when there is no such archive execution
     * @throws JobAlreadyRunningException when an archive run is going on elsewhere
     * @throws dev.replay.archive.ArchiveStoreConflictException when another store archives at this location
     */
    public JobExecution restart(long executionId) throws Exception {
        JobExecution execution = launcher.runs().execution(executionId, ArchiveJobConfiguration.JOB, "archive");
        return launcher.restart(execution, scope, guard::claim);
    }

    /**
     * Deletes this store's orphan segment files (written by its runs that never committed them),
     * under the lock, and reports the legacy files it kept.
     *
     * @throws JobAlreadyRunningException when an archive run is going on, whose files would look orphaned
     * @throws dev.replay.archive.ArchiveStoreConflictException when another store archives at this location
     */
    public ArchiveOrphanCleanup.Result cleanup() {
        try (JobLock lock = launcher.lock(scope)) {
            return cleanup.deleteOrphans();
        }
    }

    /** The cutoff of an archive execution. */
    public static Instant cutoff(JobExecution execution) {
        return Instant.parse(execution.getJobParameters().getString(ArchiveJobConfiguration.BEFORE));
    }
}
