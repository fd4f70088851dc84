package dev.replay.jobs.run;

import dev.replay.readers.HighWaterMark;

/**
 * What one job instance of a family (rebuild, archive, export) works on, fixed by its prepare step
 * ({@link PrepareRunTasklet}) in the family's run table and kept across restarts: its high-water
 * mark and the events it had to do when it started. Each family adds its own bound (projection and
 * build, cutoff, request). Implementations are immutable records.
 */
public interface Run {

    long jobInstanceId();

    /** The transaction-id bound of what the run reads. */
    HighWaterMark highWaterMark();

    /** Events within the bound when the run started, the total of its progress. */
    long eventsTotal();
}
