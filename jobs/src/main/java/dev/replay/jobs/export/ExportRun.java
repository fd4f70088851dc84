package dev.replay.jobs.export;

import dev.replay.readers.HighWaterMark;

/**
 * What one export job instance reads beyond its request: the events committed below
 * {@code highWaterMark}; fixed by its prepare step and kept across restarts.
 *
 * @param eventsTotal the events in the hot store that pass the filter, when the export started
 */
public record ExportRun(long jobInstanceId, HighWaterMark highWaterMark, long eventsTotal) {
}
