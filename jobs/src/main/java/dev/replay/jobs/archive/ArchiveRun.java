package dev.replay.jobs.archive;

import dev.replay.archive.SegmentArchiver;
import dev.replay.readers.HighWaterMark;
import java.time.Instant;

/**
 * What one archive job instance moves: events with {@code occurred_at} before {@code before},
 * committed below {@code highWaterMark}; fixed by its prepare step and kept across restarts.
 *
 * @param runId names the instance's segment files and catalog rows
 * @param eventsTotal such events in the hot store when the run started
 */
public record ArchiveRun(long jobInstanceId, String runId, Instant before, HighWaterMark highWaterMark,
                         long eventsTotal) {

    /**
     * 4713-01-01 BC, the earliest instant the JDBC driver binds as itself (earlier ones it sends as
     * {@code -infinity}): an archive run reads from here, so an {@code occurred_at} of
     * {@code -infinity} stays in the hot store instead of failing the run ({@code infinity} is after
     * every cutoff anyway).
     */
    public static final Instant FINITE_FROM = SegmentArchiver.FINITE_FROM;
}
