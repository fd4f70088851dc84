package dev.replay.jobs.launch;

import dev.replay.jobs.history.SupersededRuns;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.jobs.rebuild.RebuildCurrency;
import dev.replay.jobs.rebuild.RebuildRun;
import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.writers.ReadModelBuilds;
import java.util.Map;
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

/**
 * Launches rebuilds so that a plain re-run does the right thing: an unfinished rebuild of the
 * same projection and mode (failed, stopped, or left STARTED by a killed process) is restarted
 * from its last committed chunk; otherwise a new job instance starts. A session advisory lock per
 * projection refuses a second concurrent rebuild of it, and proves a STARTED execution without
 * the lock to be stale, which is then marked failed ({@link JobOperator#recover}) and restarted.
 *
 * <p>Never backwards: an unfinished rebuild that a newer build or mark has superseded
 * ({@link RebuildCurrency}: a full rebuild after which a newer build was swapped in, a catch-up
 * whose build or starting mark is no longer the live one) is marked ABANDONED with a warning
 * naming what superseded it, and never resumed: a re-run then starts afresh, and
 * {@code restart <id>} of it fails with an {@link IllegalArgumentException} saying why. An execution
 * that a newer completed rebuild of its projection superseded ({@link SupersededRuns}: its own restart
 * completed, or a newer full rebuild, or for a catch-up a newer catch-up) is refused the same way, with
 * an {@link ExecutionSupersededException} naming the newer execution.
 *
 * <p>Runs the job synchronously on the calling thread. Thread-safe.
 */
public class RebuildLauncher {

    private static final Logger log = LoggerFactory.getLogger(RebuildLauncher.class);


    private final Projections projections;
    private final RunLauncher launcher;
    private final JobRuns runs;
    private final RebuildCurrency currency;
    private final SupersededRuns superseded;

    public RebuildLauncher(JobOperator operator, JobRepository repository, Job rebuildJob, Projections projections,
                           DataSource dataSource) {
        this.projections = projections;
        this.launcher = new RunLauncher(operator, repository, rebuildJob, dataSource, RebuildLauncher::subject);
        this.runs = launcher.runs();
        this.currency = new RebuildCurrency(projections, new ReadModelBuilds(dataSource),
                new JdbcRunLedger<>(dataSource, RebuildRun.TABLE));
        this.superseded = new SupersededRuns(dataSource);
    }

    /**
     * Rebuilds the projection, resuming its unfinished rebuild if there is one.
     *
     * @throws IllegalArgumentException naming the projection when it is unknown
     * @throws JobAlreadyRunningException when a rebuild of the projection runs elsewhere
     */
    public JobExecution run(String projection, RebuildMode mode) throws Exception {
        return run(projection, mode, null);
    }

    /**
     * Rebuilds the projection, resuming its unfinished rebuild if there is one, partitioned by
     * aggregate into {@code partitions} when that is not null. A resumed rebuild keeps the
     * partitions it was launched with, since its checkpoints are per partition.
     *
     * @throws IllegalArgumentException naming the projection when it is unknown, or global and
     *         asked for partitions, or a catch-up asked for partitions
     * @throws JobAlreadyRunningException when a rebuild of the projection runs elsewhere
     */
    public JobExecution run(String projection, RebuildMode mode, Integer partitions) throws Exception {
        projections.get(projection);
        if (partitions != null) {
            projections.checkPartitionable(projection, partitions);
            if (mode == RebuildMode.CATCH_UP) {
                throw new IllegalArgumentException("A catch-up of projection [" + projection + "] applies only what"
                        + " is new, as one stream into the live copy; it cannot be partitioned: drop --partitions");
            }
        }
        return launcher.run(scope(projection), new RunLauncher.Launch() {
            @Override
            public Optional<JobExecution> unfinished() {
                return runs.unfinishedLast(RebuildJobConfiguration.JOB,
                        Map.of(RebuildJobConfiguration.PROJECTION, projection, RebuildJobConfiguration.MODE, mode.parameter()));
            }

            @Override
            public boolean resumes(JobExecution unfinished) throws Exception {
                if (abandonIfSuperseded(unfinished).isPresent()) {
                    return false;
                }
                warnIfPartitionedOtherwise(unfinished, projection, partitions);
                return true;
            }

            @Override
            public JobParameters parameters() {
                return fresh(projection, mode, partitions);
            }
        });
    }

    private static JobParameters fresh(String projection, RebuildMode mode, Integer partitions) {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(RebuildJobConfiguration.PROJECTION, projection)
                .addString(RebuildJobConfiguration.MODE, mode.parameter())
                .addLong(RebuildJobConfiguration.RUN, System.currentTimeMillis());
        if (partitions != null) {
            parameters.addLong(RebuildJobConfiguration.PARTITIONS, partitions.longValue());
        }
        return parameters.toJobParameters();
    }

    /**
     * Restarts the given execution of a rebuild from its last committed chunk.
     *
     * @throws ExecutionSupersededException naming the newer execution when a newer completed rebuild of
     *         the projection superseded it ({@link SupersededRuns}); restarting it would move the read model back
     * @throws IllegalArgumentException naming the id when there is no such rebuild execution, or when it
     *         was abandoned or a newer build or mark superseded it otherwise ({@link RebuildCurrency})
     * @throws JobAlreadyRunningException when it (or another rebuild of its projection) is running
     */
    public JobExecution restart(long executionId) throws Exception {
        JobExecution execution = runs.execution(executionId, RebuildJobConfiguration.JOB, "rebuild");
        String projection = execution.getJobParameters().getString(RebuildJobConfiguration.PROJECTION);
        return launcher.restart(execution, scope(projection), () -> {
            Optional<Long> newer = superseded.supersededBy(executionId);
            String by = newer.map(id -> " (superseded by execution " + id + ", a newer completed rebuild of ["
                    + projection + "])").orElse("");
            if (execution.getStatus() == BatchStatus.ABANDONED) {
                throw refusal(execution, newer, "Rebuild [" + projection + "] execution " + executionId
                        + " was abandoned and never resumes" + by + "; run 'rebuild " + projection + "' for a fresh one");
            }
            // a completed execution is left as it is: Spring Batch refuses its restart itself
            Optional<String> stale = execution.getStatus() == BatchStatus.COMPLETED ? Optional.empty()
                    : abandonIfSuperseded(execution);
            if (stale.isPresent()) {
                throw refusal(execution, newer, "Rebuild [" + projection + "] execution " + executionId
                        + " cannot be restarted: " + stale.get() + by + ", so it would move the read model backwards;"
                        + " it is now ABANDONED. Run 'rebuild " + projection + "' for a fresh one");
            }
            if (newer.isPresent()) {
                throw refusal(execution, newer, "Rebuild [" + projection + "] execution " + executionId
                        + " cannot be restarted: it is superseded by execution " + newer.get() + ", a newer completed"
                        + " rebuild of [" + projection + "], so it would move the read model backwards. Run 'rebuild "
                        + projection + "' for a fresh one");
            }
        });
    }

    private static IllegalArgumentException refusal(JobExecution execution, Optional<Long> newer, String message) {
        return newer.<IllegalArgumentException>map(id -> new ExecutionSupersededException(message, execution.getId(), id))
                .orElseGet(() -> new IllegalArgumentException(message));
    }

    /** Abandons the execution when a newer build or mark superseded its instance, saying why. */
    private Optional<String> abandonIfSuperseded(JobExecution execution) throws Exception {
        Optional<String> superseded = currency.supersededReason(execution.getJobInstanceId());
        if (superseded.isPresent()) {
            runs.abandon(execution, subject(execution), superseded.get()
                    + "; resuming it would move the read model backwards, so it is never applied");
        }
        return superseded;
    }

    private static String subject(JobExecution execution) {
        return "Rebuild [" + execution.getJobParameters().getString(RebuildJobConfiguration.PROJECTION) + "]";
    }

    private static void warnIfPartitionedOtherwise(JobExecution unfinished, String projection, Integer partitions) {
        Long launched = unfinished.getJobParameters().getLong(RebuildJobConfiguration.PARTITIONS);
        if (partitions != null && !Long.valueOf(partitions).equals(launched)) {
            log.warn("Rebuild [{}]. Resuming execution {} with {}, as it was launched; --partitions {} applies to the"
                    + " next fresh rebuild", projection, unfinished.getId(),
                    launched == null ? "one stream" : launched + " partitions", partitions);
        }
    }

    private RunScope scope(String projection) {
        return new RunScope(HeldLocks.rebuild(projection), "Rebuild [" + projection + "]",
                () -> runs.running(RebuildJobConfiguration.PROJECTION, projection), RunScope.Tier.READ);
    }
}
