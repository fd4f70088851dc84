package dev.replay.jobs.archive;

import dev.replay.archive.ArchiveOrphanCleanup;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Second step of an archive run, run again on every restart: removes the files of this store's
 * segments that never committed, so the archive step can write its next segment numbers afresh;
 * fails, deleting nothing, where another store archives ({@link ArchiveOrphanCleanup}).
 */
class CleanupOrphansTasklet implements Tasklet {

    private final ArchiveOrphanCleanup cleanup;

    CleanupOrphansTasklet(ArchiveOrphanCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        cleanup.deleteOrphans();
        return RepeatStatus.FINISHED;
    }
}
