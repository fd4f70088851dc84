package dev.replay.config.partitioning;

import dev.replay.jobs.launch.JobLock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether a remote partition's worker is alive: the worker holds a PostgreSQL session advisory
 * lock named after the partition's step execution for as long as it runs it, and PostgreSQL
 * releases it when the worker's connection goes, however the worker died. The manager probes the
 * lock of every partition marked running. Stateless; thread-safe.
 */
final class PartitionLiveness {

    private final DataSource dataSource;

    PartitionLiveness(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Held by the worker while it runs the partition; empty when another worker holds it. */
    Optional<JobLock> hold(long stepExecutionId) {
        return JobLock.tryAcquire(dataSource, key(stepExecutionId));
    }

    /** Whether some worker holds the partition's lock now (probed by taking and releasing it). */
    boolean held(long stepExecutionId) {
        Optional<JobLock> probe = JobLock.tryAcquire(dataSource, key(stepExecutionId));
        probe.ifPresent(JobLock::close);
        return probe.isEmpty();
    }

    private static String key(long stepExecutionId) {
        return "replay:partition:" + stepExecutionId;
    }
}
