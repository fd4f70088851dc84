package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportStorage;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Last step of an export: marks a directory of parts complete with an empty {@code _SUCCESS}
 * file, as Hadoop and Spark jobs do ({@link ExportStorage#markComplete}). A single file needs no
 * marker. Idempotent.
 */
class FinishExportTasklet implements Tasklet {

    static final String SUCCESS = ExportStorage.SUCCESS;

    private final ExportStorage storage;

    FinishExportTasklet(ExportStorage storage) {
        this.storage = storage;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        ExportRequest request = ExportRequest.of(chunkContext.getStepContext().getStepExecution().getJobParameters());
        if (request.output().singleFile(request.format())) {
            return RepeatStatus.FINISHED;
        }
        storage.markComplete(request.output());
        return RepeatStatus.FINISHED;
    }
}
