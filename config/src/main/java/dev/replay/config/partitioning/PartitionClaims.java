package dev.replay.config.partitioning;

import dev.replay.jobs.launch.JobLock;
import java.time.LocalDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * How a worker takes a partition it was sent, before it acknowledges the request: it takes the
 * partition's {@link PartitionLiveness} lock, then moves the partition from STARTING to STARTED in
 * the job repository (a versioned update). Acknowledging only after that keeps every partition in
 * sight of the manager: one still STARTING has its request in the queue or unacknowledged with a
 * live worker (the broker sends a dead worker's unacknowledged requests again); one STARTED has a
 * worker holding its lock, or the manager's watchdog fails it once the lock is free.
 *
 * <p>A partition that is not STARTING is refused: it has run, the manager has failed it, or a
 * worker took it and died before acknowledging its request, which the broker then sent again. A
 * partition's step execution thus runs at most once; a restart of the job runs it as a new one.
 *
 * <p>Stateless; thread-safe.
 */
final class PartitionClaims {

    private static final Logger log = LoggerFactory.getLogger(PartitionClaims.class);

    private final JobRepository jobRepository;
    private final PartitionLiveness liveness;

    PartitionClaims(JobRepository jobRepository, PartitionLiveness liveness) {
        this.jobRepository = jobRepository;
        this.liveness = liveness;
    }

    /** The partition's liveness lock, held by the caller from now on; empty when it must not run here. */
    Optional<JobLock> claim(long stepExecutionId) {
        Optional<JobLock> lock = liveness.hold(stepExecutionId);
        if (lock.isEmpty()) {
            log.warn("Partition [{}]. Refused: another worker holds it", stepExecutionId);
            return lock;
        }
        boolean started = false;
        try {
            started = markStarted(stepExecutionId);
        } finally {
            if (!started) {
                lock.get().close();
            }
        }
        return started ? lock : Optional.empty();
    }

    private boolean markStarted(long stepExecutionId) {
        StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
        if (partition == null || partition.getStatus() != BatchStatus.STARTING) {
            log.warn("Partition [{}]. Refused: it is {}", stepExecutionId,
                    partition == null ? "unknown" : partition.getStepName() + " " + partition.getStatus());
            return false;
        }
        partition.setStatus(BatchStatus.STARTED);
        partition.setStartTime(LocalDateTime.now());
        try {
            jobRepository.update(partition);
            return true;
        } catch (OptimisticLockingFailureException e) {
            log.warn("Partition [{}]. Refused: the manager changed it meanwhile ({})", partition.getStepName(),
                    e.getMessage());
            return false;
        }
    }
}
