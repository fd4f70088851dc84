package dev.replay.jobs.archive;

import dev.replay.archive.SegmentArchiver;
import dev.replay.jobs.run.Run;
import dev.replay.jobs.run.RunTable;
import dev.replay.readers.HighWaterMark;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What one archive job instance moves: events with {@code occurred_at} before {@code before},
 * committed below {@code highWaterMark}; fixed by its prepare step and kept across restarts.
 *
 * @param runId names the instance's segment files and catalog rows
 * @param eventsTotal such events in the hot store when the run started
 */
public record ArchiveRun(long jobInstanceId, String runId, Instant before, HighWaterMark highWaterMark,
                         long eventsTotal) implements Run {

    /** The {@code archive_run} table (migration V7). */
    public static final RunTable<ArchiveRun> TABLE = new RunTable<>("Archive", "archive_run",
            List.of("job_instance_id", "run_id", "before", "high_water_mark", "events_total"),
            (rs, n) -> new ArchiveRun(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                    HighWaterMark.parse(rs.getString(4)), rs.getLong(5)),
            run -> new Object[] {run.jobInstanceId(), run.runId(), run.before().atOffset(ZoneOffset.UTC),
                    run.highWaterMark().toString(), run.eventsTotal()});

    /**
     * 4713-01-01 BC, the earliest instant the JDBC driver binds as itself (earlier ones it sends as
     * {@code -infinity}): an archive run reads from here, so an {@code occurred_at} of
     * {@code -infinity} stays in the hot store instead of failing the run ({@code infinity} is after
     * every cutoff anyway).
     */
    public static final Instant FINITE_FROM = SegmentArchiver.FINITE_FROM;
}
