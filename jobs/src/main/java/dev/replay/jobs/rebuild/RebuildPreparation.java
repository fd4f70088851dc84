package dev.replay.jobs.rebuild;

import dev.replay.jobs.run.RunFamily;
import dev.replay.jobs.support.Failpoint;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The rebuild family of the run lifecycle, behind its prepare step: fixes what the job instance
 * works on. A full rebuild captures the high-water mark and starts a new build (its tables
 * created); a catch-up continues from the live build's mark into the live tables. The
 * {@link RebuildRun} row commits in the same transaction as the build's tables, so a crash leaves
 * both or neither, and a restarted instance finds its run and changes nothing. Thread-safe.
 */
class RebuildPreparation implements RunFamily<RebuildPreparation.Bound, RebuildRun> {

    private static final Logger log = LoggerFactory.getLogger(RebuildPreparation.class);

    private final Projections projections;
    private final ReadModelBuilds builds;
    private final JdbcHighWaterMarks highWaterMarks;
    private final HotStore hotStore;
    private final ArchivedEvents archive;

    /** The projection, the build written and the mark replayed up to. */
    record Bound(Projection projection, RebuildMode mode, long build, HighWaterMark mark) {
    }

    RebuildPreparation(Projections projections, ReadModelBuilds builds, HotStore hotStore, ArchivedEvents archive) {
        this.archive = archive;
        this.projections = projections;
        this.builds = builds;
        this.highWaterMarks = new JdbcHighWaterMarks(hotStore.dataSource());
        this.hotStore = hotStore;
    }

    @Override
    public Bound bound(JobExecution job) {
        JobParameters parameters = job.getJobParameters();
        Projection projection = projections.get(parameters.getString(RebuildJobConfiguration.PROJECTION));
        RebuildMode mode = RebuildMode.of(parameters.getString(RebuildJobConfiguration.MODE));
        return mode == RebuildMode.FULL ? startBuild(projection) : catchUp(projection);
    }

    @Override
    public long count(Bound bound) {
        if (bound.mode() == RebuildMode.CATCH_UP) {
            return count(bound.mark());
        }
        long archived = archive.segments(EventFilter.ALL).stream().mapToLong(ArchivedSegmentRef::rows).sum();
        return archived + estimateAll(bound.mark());
    }

    @Override
    public RebuildRun run(long instance, Bound bound, long eventsTotal) {
        return new RebuildRun(instance, bound.projection().name(), bound.mode(), bound.build(), bound.mark(),
                eventsTotal);
    }

    @Override
    public void recorded(RebuildRun run, Bound bound, JobExecution job) {
        Failpoint.reach("rebuild.prepare.before-commit");
        log.info("Rebuild [{}]. {} into build {} up to high-water mark {}: {} events", run.projection(),
                run.mode().parameter(), run.build(), run.highWaterMark(), run.eventsTotal());
    }

    private Bound startBuild(Projection projection) {
        HighWaterMark mark = highWaterMarks.fullReplay();
        ReadModelTarget target = builds.startBuild(projection);
        return new Bound(projection, RebuildMode.FULL, target.build(), mark);
    }

    /**
     * The hot store's events for a full replay's progress: PostgreSQL's row estimate once the table
     * has statistics, since an exact count would scan the whole table once before the replay reads
     * it (seconds per million events); an exact count for a table never analysed.
     */
    private long estimateAll(HighWaterMark mark) {
        return hotStore.estimate().orElseGet(() -> count(mark));
    }

    private Bound catchUp(Projection projection) {
        ReadModelTarget live = builds.live(projection).orElseThrow(() -> new IllegalStateException(
                "Projection [" + projection.name() + "] has no live build to catch up; run a full rebuild first"));
        String previous = builds.liveHighWaterMark(projection).orElseThrow(() -> new IllegalStateException(
                "Projection [" + projection.name() + "] build " + live.build() + " has no high-water mark"));
        HighWaterMark mark = highWaterMarks.catchUpAfter(HighWaterMark.parse(previous));
        return new Bound(projection, RebuildMode.CATCH_UP, live.build(), mark);
    }

    private long count(HighWaterMark mark) {
        return hotStore.count(mark, EventFilter.ALL);
    }
}
