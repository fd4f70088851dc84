package dev.replay.jobs.archive;

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
}
