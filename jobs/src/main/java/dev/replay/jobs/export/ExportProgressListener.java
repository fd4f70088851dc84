package dev.replay.jobs.export;

import dev.replay.jobs.rebuild.ReplayProgress;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Feeds {@link ReplayProgress} from the export step: the total is what this execution has left
 * (the run's count less what earlier executions wrote, per the writer's saved
 * {@code <name>.written}), the count grows by each written chunk. One instance per step execution
 * (step scope); not thread-safe.
 */
class ExportProgressListener implements StepExecutionListener, ItemWriteListener<Object> {

    private final ExportRun run;
    private final String writerName;
    private final ReplayProgress progress;
    private String step;
    private long total;
    private long done;

    ExportProgressListener(ExportRun run, String writerName, ReplayProgress progress) {
        this.run = run;
        this.writerName = writerName;
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        step = stepExecution.getStepName();
        long written = stepExecution.getExecutionContext().getLong(writerName + ".written", 0L);
        total = Math.max(0, run.eventsTotal() - written);
        progress.update(step, 0, total);
    }

    @Override
    public void afterWrite(Chunk<?> chunk) {
        Failpoint.reach("export.chunk-written"); // written (a single file only into its buffer), not committed
        HeldLocks.verify(HeldLocks.ARCHIVE_TIER); // a lost shared tier lock lets archival move events under this export
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // registered after the file writer's own synchronization, so it runs after the buffer reached the file
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    Failpoint.reach("export.chunk-before-commit");
                }
            });
        }
        done += chunk.size();
        progress.update(step, done, Math.max(total, done));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        progress.update(step, done, Math.max(total, done));
        return stepExecution.getExitStatus();
    }
}
