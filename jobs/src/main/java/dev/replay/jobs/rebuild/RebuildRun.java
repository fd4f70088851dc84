package dev.replay.jobs.rebuild;

import dev.replay.readers.HighWaterMark;

/**
 * What one rebuild job instance works on: the projection, the build it writes and the
 * high-water mark it replays up to, fixed at its start and kept across restarts.
 *
 * @param eventsTotal events within the high-water mark when the run started (all types)
 */
public record RebuildRun(long jobInstanceId, String projection, RebuildMode mode, long build,
                         HighWaterMark highWaterMark, long eventsTotal) {
}
