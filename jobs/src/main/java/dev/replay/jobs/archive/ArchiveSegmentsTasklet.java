package dev.replay.jobs.archive;

import dev.replay.archive.SegmentArchivalException;
import dev.replay.archive.SegmentArchiver;
import dev.replay.archive.SegmentInfo;
import dev.replay.jobs.rebuild.ReplayProgress;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The archive step: each call moves one segment through the {@link SegmentArchiver} (write, read
 * back and verify, then catalog and delete in one transaction, with at most one segment in
 * flight), and counts it: events read, events committed, progress and a log line per segment.
 *
 * <p>Restart: no position is saved in the step's context, none is needed. Every execution opens
 * the archiver on the run's {@code archive_run} row ({@link ArchiveRun}, read once in
 * {@link #beforeStep}); committed events have left the hot store, so it reads what is left, and
 * segment numbers continue after the run's catalogued segments.
 *
 * <p>Failures fail the step with an {@link ArchiveSegmentException} naming the segment. Not
 * thread-safe: its state belongs to one step execution at a time, which the archive job lock
 * guarantees.
 */
class ArchiveSegmentsTasklet implements Tasklet, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ArchiveSegmentsTasklet.class);

    private final LongFunction<ArchiveRun> runs;
    private final SegmentArchiver archiver;
    private final ReplayProgress progress;

    private ArchiveRun run;
    private long remaining;
    private long done;

    ArchiveSegmentsTasklet(LongFunction<ArchiveRun> runs, SegmentArchiver archiver, ReplayProgress progress) {
        this.runs = runs;
        this.archiver = archiver;
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        run = runs.apply(stepExecution.getJobExecution().getJobInstanceId());
        remaining = archiver.open(run.runId(), run.before(), run.highWaterMark(), run.eventsTotal());
        done = 0;
        progress.update(stepExecution.getStepName(), 0, remaining);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        archiver.close();
        return stepExecution.getExitStatus();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        try {
            boolean more = archiver.next(contribution::incrementReadCount, segment -> committed(contribution, segment));
            return more ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
        } catch (SegmentArchivalException e) {
            throw new ArchiveSegmentException(e.segment(), e.reason(), e.getCause());
        }
    }

    private void committed(StepContribution contribution, SegmentInfo segment) {
        contribution.incrementWriteCount(segment.rows());
        done += segment.rows();
        progress.update(contribution.getStepExecution().getStepName(), done, Math.max(remaining, done));
        log.info("Archive [{}]. Segment {}: {} events, {} bytes", run.runId(), segment.path(), segment.rows(),
                segment.bytes());
    }
}
