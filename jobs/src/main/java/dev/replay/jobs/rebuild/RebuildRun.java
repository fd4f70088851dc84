package dev.replay.jobs.rebuild;

import dev.replay.jobs.run.Run;
import dev.replay.jobs.run.RunTable;
import dev.replay.readers.HighWaterMark;
import java.util.List;

/**
 * What one rebuild job instance works on: the projection, the build it writes and the
 * high-water mark it replays up to, fixed at its start and kept across restarts.
 *
 * @param eventsTotal events within the high-water mark when the run started (all types), for
 *                    progress: exact for a catch-up, PostgreSQL's estimate of the hot store plus the
 *                    archive's rows for a full run
 */
public record RebuildRun(long jobInstanceId, String projection, RebuildMode mode, long build,
                         HighWaterMark highWaterMark, long eventsTotal) implements Run {

    /** The {@code rebuild_run} table (migration V4). */
    public static final RunTable<RebuildRun> TABLE = new RunTable<>("Rebuild", "rebuild_run",
            List.of("job_instance_id", "projection", "mode", "build", "high_water_mark", "events_total"),
            (rs, n) -> new RebuildRun(rs.getLong(1), rs.getString(2), RebuildMode.of(rs.getString(3)), rs.getLong(4),
                    HighWaterMark.parse(rs.getString(5)), rs.getLong(6)),
            run -> new Object[] {run.jobInstanceId(), run.projection(), run.mode().parameter(), run.build(),
                    run.highWaterMark().toString(), run.eventsTotal()});
}
