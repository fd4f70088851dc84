package dev.replay.jobs.rebuild;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;

/**
 * Chooses the rebuild's replay step from the job's {@code partitions} parameter: none, the single
 * stream ({@code replay}); a number, the partitioned step ({@code replay-partitioned}), even for 1.
 * A projection that is not per-aggregate is refused here too, so that no restart can partition it.
 * Stateless and thread-safe.
 */
class ReplayFlowDecider implements JobExecutionDecider {

    static final FlowExecutionStatus SINGLE = new FlowExecutionStatus("SINGLE");
    static final FlowExecutionStatus PARTITIONED = new FlowExecutionStatus("PARTITIONED");

    private final Projections projections;

    ReplayFlowDecider(Projections projections) {
        this.projections = projections;
    }

    @Override
    public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
        Long partitions = jobExecution.getJobParameters().getLong(RebuildJobConfiguration.PARTITIONS);
        if (partitions == null) {
            return SINGLE;
        }
        projections.checkPartitionable(jobExecution.getJobParameters().getString(RebuildJobConfiguration.PROJECTION),
                partitions.intValue());
        return PARTITIONED;
    }
}
