package dev.replay.jobs.purge;

import java.time.Instant;

/**
 * One kind of old records that the {@code purge} job deletes, owned by another module (schedule
 * firings, for instance): deleted in the purge step's transaction, so idempotent and all or nothing
 * with the rest. Implementations must use the primary DataSource, to join that transaction.
 */
public interface PurgeableRecords {

    /** What the records are, as the purge's counts name them, e.g. {@code schedule-firings}. */
    String kind();

    /** Deletes the records older than {@code cutoff}; returns how many. */
    long deleteOlderThan(Instant cutoff);
}
