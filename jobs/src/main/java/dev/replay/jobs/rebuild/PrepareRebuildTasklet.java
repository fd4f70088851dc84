package dev.replay.jobs.rebuild;

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
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * First step of a rebuild: fixes what the job instance works on. A full rebuild captures the
 * high-water mark and starts a new build (its tables created); a catch-up continues from the
 * live build's mark into the live tables. The {@link RebuildRun} row commits in the same
 * transaction as the build's tables, so a crash leaves both or neither, and a restarted instance
 * finds its run and changes nothing.
 */
class PrepareRebuildTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PrepareRebuildTasklet.class);

    private final Projections projections;
    private final ReadModelBuilds builds;
    private final JdbcRebuildRuns runs;
    private final JdbcHighWaterMarks highWaterMarks;
    private final HotStore hotStore;
    private final ArchivedEvents archive;

    PrepareRebuildTasklet(Projections projections, ReadModelBuilds builds, JdbcRebuildRuns runs, HotStore hotStore,
                          ArchivedEvents archive) {
        this.archive = archive;
        this.projections = projections;
        this.builds = builds;
        this.runs = runs;
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
        Projection projection = projections.get(parameters.getString(RebuildJobConfiguration.PROJECTION));
        RebuildMode mode = RebuildMode.of(parameters.getString(RebuildJobConfiguration.MODE));
        RebuildRun run = mode == RebuildMode.FULL ? startBuild(instance, projection) : catchUp(instance, projection);
        runs.insert(run);
        Failpoint.reach("rebuild.prepare.before-commit");
        log.info("Rebuild [{}]. {} into build {} up to high-water mark {}: {} events", projection.name(),
                mode.parameter(), run.build(), run.highWaterMark(), run.eventsTotal());
        return RepeatStatus.FINISHED;
    }

    private RebuildRun startBuild(long instance, Projection projection) {
        HighWaterMark mark = highWaterMarks.fullReplay();
        ReadModelTarget target = builds.startBuild(projection);
        long archived = archive.segments(EventFilter.ALL).stream().mapToLong(ArchivedSegmentRef::rows).sum();
        return new RebuildRun(instance, projection.name(), RebuildMode.FULL, target.build(), mark,
                archived + estimateAll(mark));
    }

    /**
     * The hot store's events for a full replay's progress: PostgreSQL's row estimate once the table
     * has statistics, since an exact count would scan the whole table once before the replay reads
     * it (seconds per million events); an exact count for a table never analysed.
     */
    private long estimateAll(HighWaterMark mark) {
        return hotStore.estimate().orElseGet(() -> count(mark));
    }

    private RebuildRun catchUp(long instance, Projection projection) {
        ReadModelTarget live = builds.live(projection).orElseThrow(() -> new IllegalStateException(
                "Projection [" + projection.name() + "] has no live build to catch up; run a full rebuild first"));
        String previous = builds.liveHighWaterMark(projection).orElseThrow(() -> new IllegalStateException(
                "Projection [" + projection.name() + "] build " + live.build() + " has no high-water mark"));
        HighWaterMark mark = highWaterMarks.catchUpAfter(HighWaterMark.parse(previous));
        return new RebuildRun(instance, projection.name(), RebuildMode.CATCH_UP, live.build(), mark, count(mark));
    }

    private long count(HighWaterMark mark) {
        return hotStore.count(mark, EventFilter.ALL);
    }
}
