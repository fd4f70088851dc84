package dev.replay.jobs.rebuild;

import dev.replay.readers.HighWaterMark;

/**
 * What one rebuild job instance works on: the projection, the build it writes and the
 * high-water mark it replays up to, fixed at its start and kept across restarts.
 *
 * @param eventsTotal events within the high-water mark when the run started (all types), for
 *                    progress: exact for a catch-up, PostgreSQL's estimate of the hot store plus the
 *                    archive's rows for a full run
 */
public record RebuildRun(long jobInstanceId, String projection, RebuildMode mode, long build,
                         HighWaterMark highWaterMark, long eventsTotal) {
}
