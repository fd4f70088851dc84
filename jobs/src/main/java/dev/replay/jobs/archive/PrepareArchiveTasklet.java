package dev.replay.jobs.archive;

import dev.replay.jobs.support.Failpoint;
import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.JdbcHighWaterMarks;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * First step of an archive run: captures the high-water mark on the primary (whose rows the run
 * deletes), lowers it to the lowest live high-water mark of any projection ({@link LiveMarkBound}:
 * what a catch-up has not applied stays in the hot store), and records the {@link ArchiveRun} with
 * that bound. A restarted instance finds its run and changes nothing, so it moves the same events
 * it set out to move. What was held back is said in the job's ExecutionContext under
 * {@link ArchiveJobConfiguration#HELD_BACK}.
 *
 * <p>Events whose {@code occurred_at} is {@code -infinity} (before every cutoff), or before
 * {@link ArchiveRun#FINITE_FROM}, are not archived: a segment has no day and no timestamp for them. They stay in the hot store, each named in a
 * WARN, while the rest is archived ({@link ArchiveRun#FINITE_FROM} bounds the run's reader).
 */
class PrepareArchiveTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PrepareArchiveTasklet.class);

    private final JdbcArchiveRuns runs;
    private final JdbcHighWaterMarks highWaterMarks;
    private final HotStore hotStore;
    private final LiveMarkBound liveMarks;

    PrepareArchiveTasklet(JdbcArchiveRuns runs, HotStore hotStore) {
        this.runs = runs;
        this.liveMarks = new LiveMarkBound(hotStore);
        this.highWaterMarks = new JdbcHighWaterMarks(hotStore.dataSource());
        this.hotStore = hotStore;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long instance = job.getJobInstanceId();
        if (runs.find(instance).isPresent()) {
            return RepeatStatus.FINISHED;
        }
        JobParameters parameters = job.getJobParameters();
        Instant before = Instant.parse(parameters.getString(ArchiveJobConfiguration.BEFORE));
        String runId = Long.toString(parameters.getLong(ArchiveJobConfiguration.RUN));
        LiveMarkBound.Bound bound = liveMarks.apply(before, highWaterMarks.fullReplay());
        HighWaterMark mark = bound.mark();
        ArchiveRun run = new ArchiveRun(instance, runId, before, mark, count(before, mark));
        runs.insert(run);
        warnOfNonFinite(runId, before, mark);
        log.info("Archive [{}]. Events before {} up to high-water mark {}: {}", runId, before, mark, run.eventsTotal());
        if (bound.message() != null) {
            // kept with the job, so a restarted execution still reports it
            job.getExecutionContext().putString(ArchiveJobConfiguration.HELD_BACK, bound.message());
            log.info("Archive [{}]. {}", runId, bound.message());
        }
        return RepeatStatus.FINISHED;
    }

    private long count(Instant before, HighWaterMark mark) {
        long count = hotStore.count(mark, new EventFilter(ArchiveRun.FINITE_FROM, before, Set.of(), Set.of()));
        Failpoint.reach("archive.prepare.counted");
        return count;
    }

    private void warnOfNonFinite(String runId, Instant before, HighWaterMark mark) {
        Instant bound = before.isBefore(ArchiveRun.FINITE_FROM) ? before : ArchiveRun.FINITE_FROM;
        hotStore.eventsBefore(bound, mark, 100).forEach(event -> log.warn("Archive [{}]. Event {} ({} {} version {})"
                + " has occurred_at {}: not archived, it stays in the hot store; correct its occurred_at", runId,
                event.eventId(), event.aggregateType(), event.aggregateId(), event.version(), event.occurredAt()));
    }
}
