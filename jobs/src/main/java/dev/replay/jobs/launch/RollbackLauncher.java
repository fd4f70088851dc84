package dev.replay.jobs.launch;

import dev.replay.jobs.launch.RollbackRefusedException.Reason;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.writers.NoKeptCopyException;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.RolledBackBuild;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Rolls a projection back to a kept copy ({@link ReadModelBuilds#rollback}): the copy is live
 * again with the high-water mark it was retired with, so the next {@code --catch-up} applies exactly
 * what committed after it; the build that was live is kept in its place.
 *
 * <p>Never under a running build: it takes the projection's rebuild lock (the one every rebuild and
 * catch-up of it holds for its whole run) without waiting, and the archive tier's shared lock (an
 * archive run bounds what it moves by the live marks), and refuses with
 * {@link RollbackRefusedException} ({@link Reason#RUNNING}) when either is held. It refuses as well
 * when {@code replay.rebuild.keep-copies} is 0, when there is no kept copy, and when the copy would
 * not catch up exactly ({@link RollbackSafety}). Nothing changes when it refuses. Thread-safe.
 */
public class RollbackLauncher {

    private final Projections projections;
    private final ReadModelBuilds builds;
    private final DataSource dataSource;
    private final JobRuns runs;

    public RollbackLauncher(JobOperator operator, JobRepository repository, Projections projections,
                            ReadModelBuilds builds, DataSource dataSource) {
        this.projections = projections;
        this.builds = builds;
        this.dataSource = dataSource;
        this.runs = new JobRuns(operator, repository, dataSource);
    }

    /**
     * Swaps the newest kept copy older than the live build back in, or {@code build} when not null.
     *
     * @throws IllegalArgumentException naming the projection when it is unknown
     * @throws RollbackRefusedException when it cannot, saying why; nothing changed
     */
    public RolledBackBuild rollback(String projection, Long build) {
        Projection target = projections.get(projection);
        if (builds.keep() == 0) {
            throw new RollbackRefusedException(Reason.NOT_CONFIGURED, "Projection [" + projection + "] has no copy to"
                    + " roll back to: replay.rebuild.keep-copies is 0, so every retired build is dropped; set it to 1"
                    + " or more, and the next rebuild keeps the build it replaces");
        }
        try (JobLock lock = rebuildLock(projection); JobLock tier = archiveTier(projection)) {
            return builds.rollback(target, build, new RollbackSafety(dataSource, projection));
        } catch (NoKeptCopyException e) {
            throw new RollbackRefusedException(Reason.NO_KEPT_COPY, e.getMessage(), e);
        }
    }

    private JobLock rebuildLock(String projection) {
        return JobLock.tryAcquire(dataSource, HeldLocks.rebuild(projection)).orElseThrow(() ->
                new RollbackRefusedException(Reason.RUNNING, "Projection [" + projection + "] cannot roll back while a"
                        + " rebuild or catch-up of it runs" + running(projection)
                        .map(id -> " (execution " + id + ")").orElse("") + "; wait for it to end, then roll back"));
    }

    private JobLock archiveTier(String projection) {
        return JobLock.tryAcquireShared(dataSource, HeldLocks.ARCHIVE_TIER).orElseThrow(() ->
                new RollbackRefusedException(Reason.RUNNING, "Projection [" + projection + "] cannot roll back while an"
                        + " archive run moves events; wait for it to end, then roll back"));
    }

    private Optional<Long> running(String projection) {
        return runs.running(RebuildJobConfiguration.PROJECTION, projection);
    }
}
