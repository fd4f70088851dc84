package dev.replay.jobs.rebuild;

import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.support.Failpoint;
import dev.replay.readers.HighWaterMark;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelBuilds;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Last step of a rebuild: a full rebuild swaps its build in behind the stable names (the swap first
 * completes the build, {@code Projection.completeBuild}, in this step's transaction), a catch-up
 * records the high-water mark it reached. Both are idempotent, so a process killed during or
 * right after this step simply runs it again on restart. Both refuse, naming both sides, to move the
 * read model backwards: a build older than the live one is never swapped in, and a catch-up's mark
 * is recorded only into the build it started from and only when it continues that build's mark.
 */
class FinishRebuildTasklet implements Tasklet {

    private final Projections projections;
    private final ReadModelBuilds builds;
    private final JdbcRunLedger<RebuildRun> runs;

    FinishRebuildTasklet(Projections projections, ReadModelBuilds builds, JdbcRunLedger<RebuildRun> runs) {
        this.projections = projections;
        this.builds = builds;
        this.runs = runs;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long instance = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstanceId();
        RebuildRun run = runs.get(instance);
        Projection projection = projections.get(run.projection());
        if (run.mode() == RebuildMode.FULL) {
            builds.swap(projection, run.build(), run.highWaterMark().toString());
        } else {
            // a catch-up continues the live build's mark exactly, or it would skip or repeat events
            builds.recordHighWaterMark(projection, run.build(), run.highWaterMark().toString(),
                    live -> HighWaterMark.parse(live).upperXmin() == run.highWaterMark().lowerXmin());
        }
        Failpoint.reach("rebuild.finish.before-commit"); // the swap joined this step's transaction
        return RepeatStatus.FINISHED;
    }
}
