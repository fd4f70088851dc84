package dev.replay.config.partitioning;

import java.time.LocalDateTime;
import java.util.Collection;
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
 * <p>A partition whose worker died stays unfinished until the timeout. The manager then marks every
 * partition still running as failed in the repository before failing the step: a restart of the
 * job sends exactly those partitions again (each resumes from its last committed chunk), and a
 * worker that was only unreachable, not dead, cannot commit another chunk of the old execution,
 * since each chunk commits with a versioned update of its step execution, which now fails. That
 * is what keeps a partition's writes exactly once across workers.
 *
 * <p>Thread-safe as the delegate is.
 */
final class RemotePartitionHandler implements PartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

    private final MessageChannelPartitionHandler delegate;
    private final EmbeddedBroker broker;
    private final JobRepository jobRepository;
    private final String workerStep;

    RemotePartitionHandler(MessageChannelPartitionHandler delegate, EmbeddedBroker broker, JobRepository jobRepository,
                           String workerStep) {
        this.delegate = delegate;
        this.broker = broker;
        this.jobRepository = jobRepository;
        this.workerStep = workerStep;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution)
            throws Exception {
        if (broker != null) {
            broker.start();
        }
        try {
            return delegate.handle(splitter, managerStepExecution);
        } catch (Exception e) {
            failUnfinishedPartitions(managerStepExecution.getJobExecutionId(), e);
            throw e;
        }
    }

    private void failUnfinishedPartitions(long jobExecutionId, Exception cause) {
        for (StepExecution partition : jobRepository.getJobExecution(jobExecutionId).getStepExecutions()) {
            if (partition.getStepName().startsWith(workerStep + ":")) {
                failIfRunning(partition.getId(), cause);
            }
        }
    }

    private void failIfRunning(long stepExecutionId, Exception cause) {
        for (int attempt = 0; attempt < 5; attempt++) {
            StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
            if (partition == null || !partition.getStatus().isRunning()) {
                return;
            }
            partition.setStatus(BatchStatus.FAILED);
            partition.setExitStatus(ExitStatus.FAILED.addExitDescription("The manager stopped waiting for it: "
                    + cause.getMessage() + "; its worker died or is unreachable. A restart of the job runs it again"));
            partition.setEndTime(LocalDateTime.now());
            try {
                jobRepository.update(partition);
                log.warn("Partition [{}]. Marked failed after {} read: {}", partition.getStepName(),
                        partition.getReadCount(), cause.getMessage());
                return;
            } catch (OptimisticLockingFailureException e) {
                // its worker committed a chunk meanwhile: look again
            }
        }
    }
}
