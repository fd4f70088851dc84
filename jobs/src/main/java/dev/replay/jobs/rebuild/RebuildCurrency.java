package dev.replay.jobs.rebuild;

import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.readers.HighWaterMark;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import java.util.Optional;

/**
 * Whether an unfinished rebuild job instance may still be resumed, or a newer build or mark has
 * superseded it, so that resuming it would move the read model backwards or apply events twice.
 *
 * <p>A full rebuild is current while no build newer than its own has been swapped in. A catch-up
 * is current while the build it writes is still the live build and the live build's mark is the
 * one it started from (or the one it ends at: its finish committed already). An instance whose
 * prepare step never committed has fixed nothing yet and is always current. Thread-safe.
 */
public class RebuildCurrency {

    private final Projections projections;
    private final ReadModelBuilds builds;
    private final JdbcRunLedger<RebuildRun> runs;

    public RebuildCurrency(Projections projections, ReadModelBuilds builds, JdbcRunLedger<RebuildRun> runs) {
        this.projections = projections;
        this.builds = builds;
        this.runs = runs;
    }

    /** Why the instance may no longer be resumed (naming what superseded it), or empty while it may. */
    public Optional<String> supersededReason(long jobInstanceId) {
        return runs.find(jobInstanceId).flatMap(this::supersededReason);
    }

    private Optional<String> supersededReason(RebuildRun run) {
        Projection projection = projections.get(run.projection());
        Optional<Long> live = builds.live(projection).map(ReadModelTarget::build);
        if (run.mode() == RebuildMode.FULL) {
            return live.filter(build -> build > run.build()).map(build -> "newer build " + build
                    + " was swapped in after its build " + run.build());
        }
        if (live.isEmpty() || live.get() != run.build()) {
            return Optional.of("build " + live.map(String::valueOf).orElse("(none)") + " is live now, not its build "
                    + run.build());
        }
        String mark = builds.liveHighWaterMark(projection).orElse(null);
        if (mark == null || !(mark.equals(run.highWaterMark().toString())
                || HighWaterMark.parse(mark).upperXmin() == run.highWaterMark().lowerXmin())) {
            return Optional.of("build " + run.build() + " moved on to high-water mark " + mark
                    + " since it started from " + run.highWaterMark().lowerXmin());
        }
        return Optional.empty();
    }
}
