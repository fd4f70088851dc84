package dev.replay.jobs.archive;

import dev.replay.jobs.run.RunFamily;
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

/**
 * The archive family of the run lifecycle, behind its prepare step: captures the high-water mark
 * on the primary (whose rows the run deletes), lowers it to the lowest live high-water mark of any
 * projection ({@link LiveMarkBound}: what a catch-up has not applied stays in the hot store), and
 * records the {@link ArchiveRun} with that bound. A restarted instance finds its run and changes
 * nothing, so it moves the same events it set out to move. What was held back is said in the job's
 * ExecutionContext under {@link ArchiveJobConfiguration#HELD_BACK}.
 *
 * <p>Events whose {@code occurred_at} is {@code -infinity} (before every cutoff), or before
 * {@link ArchiveRun#FINITE_FROM}, are not archived: a segment has no day and no timestamp for them. They stay in the hot store, each named in a
 * WARN, while the rest is archived ({@link ArchiveRun#FINITE_FROM} bounds the run's reader).
 * A hot store whose statistics are missing or stale (a bulk load that autovacuum has not analysed
 * yet) is analysed first ({@link HotStore#analyzeIfStale}), so the counts and the run's statements
 * are planned on them. Thread-safe.
 */
class ArchivePreparation implements RunFamily<ArchivePreparation.Bound, ArchiveRun> {

    private static final Logger log = LoggerFactory.getLogger(ArchivePreparation.class);

    private final JdbcHighWaterMarks highWaterMarks;
    private final HotStore hotStore;
    private final LiveMarkBound liveMarks;

    /** The cutoff, the run id naming its segments, and the mark as the live marks bound it. */
    record Bound(Instant before, String runId, LiveMarkBound.Bound live) {

        HighWaterMark mark() {
            return live.mark();
        }
    }

    ArchivePreparation(HotStore hotStore) {
        this.liveMarks = new LiveMarkBound(hotStore);
        this.highWaterMarks = new JdbcHighWaterMarks(hotStore.dataSource());
        this.hotStore = hotStore;
    }

    @Override
    public Bound bound(JobExecution job) {
        JobParameters parameters = job.getJobParameters();
        Instant before = Instant.parse(parameters.getString(ArchiveJobConfiguration.BEFORE));
        String runId = Long.toString(parameters.getLong(ArchiveJobConfiguration.RUN));
        if (hotStore.analyzeIfStale()) { // before the counts: their plans need the statistics
            log.info("Archive [{}]. Analysed {} first: its statistics were missing or stale", runId, hotStore.table());
        }
        return new Bound(before, runId, liveMarks.apply(before, highWaterMarks.fullReplay()));
    }

    @Override
    public long count(Bound bound) {
        return count(bound.before(), bound.mark());
    }

    @Override
    public ArchiveRun run(long instance, Bound bound, long eventsTotal) {
        return new ArchiveRun(instance, bound.runId(), bound.before(), bound.mark(), eventsTotal);
    }

    @Override
    public void recorded(ArchiveRun run, Bound bound, JobExecution job) {
        String runId = run.runId();
        warnOfNonFinite(runId, run.before(), run.highWaterMark());
        log.info("Archive [{}]. Events before {} up to high-water mark {}: {}", runId, run.before(),
                run.highWaterMark(), run.eventsTotal());
        if (bound.live().message() != null) {
            // kept with the job, so a restarted execution still reports it
            job.getExecutionContext().putString(ArchiveJobConfiguration.HELD_BACK, bound.live().message());
            log.info("Archive [{}]. {}", runId, bound.live().message());
        }
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
