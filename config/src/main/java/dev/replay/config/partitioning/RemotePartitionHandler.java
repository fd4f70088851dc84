package dev.replay.config.partitioning;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The manager's side of remote partitioning: starts the embedded broker when there is one, then
 * hands the partitions to Spring Batch Integration's {@link MessageChannelPartitionHandler}, which
 * sends one request per partition to the queue and polls the shared job repository until every
 * partition has finished, or fails the step at the timeout.
 *
 * <p>A dead worker: while the delegate polls, a watchdog checks every {@code livenessInterval} that
 * each partition marked running still has its worker ({@link PartitionLiveness}: the worker's
 * session lock, which PostgreSQL drops with its connection). A partition found without it twice
 * in a row is marked failed in the repository, so the step ends as soon as the other partitions
 * have, failed, instead of at the timeout. At the timeout, too, every partition still running is
 * marked failed before the step fails. A restart of the job sends exactly the failed partitions
 * again (each resumes from its last committed chunk), and a worker that was only cut off, not
 * dead, cannot commit another chunk of the failed execution, since each chunk commits with a
 * versioned update of its step execution, which now fails. That keeps a partition's writes
 * exactly once across workers.
 *
 * <p>The watchdog leaves partitions still STARTING alone, however long they wait: a worker
 * acknowledges a request only once it holds the partition's lock and has marked it STARTED
 * ({@link PartitionWorker}), so a STARTING partition's request is in the queue, waiting for a free
 * worker, or with a live worker that is taking it (the broker sends a dead worker's
 * unacknowledged requests again). Probing its lock could only make that worker refuse it.
 *
 * <p>Thread-safe as the delegate is.
 */
final class RemotePartitionHandler implements PartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

    private final MessageChannelPartitionHandler delegate;
    private final EmbeddedBroker broker;
    private final JobRepository jobRepository;
    private final String workerStep;
    private final PartitionLiveness liveness;
    private final Duration livenessInterval;

    RemotePartitionHandler(MessageChannelPartitionHandler delegate, EmbeddedBroker broker, JobRepository jobRepository,
                           String workerStep, PartitionLiveness liveness, Duration livenessInterval) {
        this.delegate = delegate;
        this.broker = broker;
        this.jobRepository = jobRepository;
        this.workerStep = workerStep;
        this.liveness = liveness;
        this.livenessInterval = livenessInterval;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution)
            throws Exception {
        if (broker != null) {
            broker.start();
        }
        long jobExecutionId = managerStepExecution.getJobExecutionId();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "replay-partition-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        Set<Long> suspects = new HashSet<>();
        watchdog.scheduleWithFixedDelay(() -> checkWorkers(jobExecutionId, suspects), livenessInterval.toMillis(),
                livenessInterval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return delegate.handle(splitter, managerStepExecution);
        } catch (Exception e) {
            failUnfinishedPartitions(jobExecutionId, e.getMessage());
            throw e;
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** Fails partitions marked running whose worker was gone at this check and the one before. */
    private void checkWorkers(long jobExecutionId, Set<Long> suspects) {
        try {
            Set<Long> orphans = new HashSet<>();
            for (StepExecution partition : partitions(jobExecutionId)) {
                if (partition.getStatus() == BatchStatus.STARTED && !liveness.held(partition.getId())) {
                    orphans.add(partition.getId());
                }
            }
            for (long orphan : orphans) {
                if (suspects.contains(orphan)) {
                    failIfRunning(orphan, "its worker is gone (its liveness lock was free at two checks "
                            + livenessInterval.toMillis() + " ms apart)");
                }
            }
            suspects.clear();
            suspects.addAll(orphans);
        } catch (RuntimeException e) {
            log.warn("Partitions of job execution {}. Could not check their workers: {}", jobExecutionId, e.toString());
        }
    }

    private List<StepExecution> partitions(long jobExecutionId) {
        return jobRepository.getJobExecution(jobExecutionId).getStepExecutions().stream()
                .filter(step -> step.getStepName().startsWith(workerStep + ":")).toList();
    }

    private void failUnfinishedPartitions(long jobExecutionId, String reason) {
        for (StepExecution partition : partitions(jobExecutionId)) {
            failIfRunning(partition.getId(), "the manager stopped waiting for it: " + reason
                    + "; its worker died or is unreachable");
        }
    }

    private void failIfRunning(long stepExecutionId, String reason) {
        for (int attempt = 0; attempt < 5; attempt++) {
            StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
            if (partition == null || !partition.getStatus().isRunning()) {
                return;
            }
            partition.setStatus(BatchStatus.FAILED);
            partition.setExitStatus(ExitStatus.FAILED.addExitDescription("Partition " + partition.getStepName()
                    + " failed: " + reason + ". A restart of the job runs it again"));
            partition.setEndTime(LocalDateTime.now());
            try {
                jobRepository.update(partition);
                log.warn("Partition [{}]. Marked failed after {} read: {}", partition.getStepName(),
                        partition.getReadCount(), reason);
                return;
            } catch (OptimisticLockingFailureException e) {
                // its worker committed a chunk meanwhile: look again
            }
        }
    }
}
