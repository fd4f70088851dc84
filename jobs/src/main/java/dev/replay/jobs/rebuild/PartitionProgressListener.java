package dev.replay.jobs.rebuild;

import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Counts one partition's written chunks into the {@link PartitionedReplayProgress} of its job
 * execution. One instance per partition step execution (step scope); called on its thread only.
 */
class PartitionProgressListener implements StepExecutionListener, ItemWriteListener<Object> {

    private final RebuildRun run;
    private final PartitionedReplayProgress progress;
    private long jobExecution;

    PartitionProgressListener(RebuildRun run, PartitionedReplayProgress progress) {
        this.run = run;
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobExecution = stepExecution.getJobExecutionId();
    }

    @Override
    public void afterWrite(Chunk<?> chunk) {
        Failpoint.reach("rebuild.replay.chunk-written"); // written, not yet committed with its checkpoint
        HeldLocks.verify(HeldLocks.rebuild(run.projection()), HeldLocks.ARCHIVE_TIER); // still ours to commit
        progress.add(jobExecution, chunk.size(), run.eventsTotal());
    }
}
