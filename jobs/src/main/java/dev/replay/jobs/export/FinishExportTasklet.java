package dev.replay.jobs.export;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.SegmentStorageException;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Last step of an export: marks a directory of parts complete with an empty {@code _SUCCESS}
 * file, as Hadoop and Spark jobs do (readers of {@code *.parquet} or {@code part-*} skip it).
 * A single file needs no marker. Idempotent.
 */
class FinishExportTasklet implements Tasklet {

    static final String SUCCESS = "_SUCCESS";

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
        Path marker = new Path(request.output().hadoopPath(), SUCCESS);
        try (ArchiveFileSystems fileSystems = storage.open(request.output())) {
            fileSystems.fileSystem().create(marker, true).close();
        } catch (IOException e) {
            throw new SegmentStorageException("mark export complete at", marker.toString(), e);
        }
        return RepeatStatus.FINISHED;
    }
}
