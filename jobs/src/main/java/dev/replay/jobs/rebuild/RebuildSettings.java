package dev.replay.jobs.rebuild;

/**
 * How rebuilds run.
 *
 * @param chunkSize events per chunk: one transaction commits a chunk's writes with its checkpoint
 * @param pageSize events per keyset page of the hot-store reader
 * @param skipInvalid record events with malformed payloads in {@code replay_dead_letter} and go on,
 *                    instead of failing the rebuild naming the event
 * @param keepCopies previously live copies of a read model kept after a swap
 * @param partitionThreads threads that run the partitions of a partitioned rebuild in this process
 *                         (local mode); more partitions than threads wait for a free thread. Each
 *                         running partition holds two pooled connections (its chunk transaction and
 *                         its reader's prefetch)
 * @param flushEvents a full rebuild whose projection folds across chunks ({@link dev.replay.writers.BuildFold})
 *                    writes its fold at least every so many events; its checkpoint stays at the last
 *                    write, so a crash makes the restart read at most that many events again
 * @param foldMaxHeld what such a fold may hold (e.g. accounts) before it is written early: the bound
 *                    of its memory
 */
public record RebuildSettings(int chunkSize, int pageSize, boolean skipInvalid, int keepCopies, int partitionThreads,
                              long flushEvents, int foldMaxHeld) {

    public static final int DEFAULT_CHUNK_SIZE = 20_000;
    public static final int DEFAULT_PAGE_SIZE = 20_000;
    public static final int DEFAULT_KEEP_COPIES = 0;
    public static final int DEFAULT_PARTITION_THREADS = 4;
    public static final long DEFAULT_FLUSH_EVENTS = 2_000_000;
    public static final int DEFAULT_FOLD_MAX_HELD = 500_000;
    public static final RebuildSettings DEFAULTS = new RebuildSettings(DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_SIZE, false,
            DEFAULT_KEEP_COPIES, DEFAULT_PARTITION_THREADS, DEFAULT_FLUSH_EVENTS, DEFAULT_FOLD_MAX_HELD);

    public RebuildSettings {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        if (keepCopies < 0) {
            throw new IllegalArgumentException("keepCopies must not be negative, was " + keepCopies);
        }
        if (partitionThreads < 1) {
            throw new IllegalArgumentException("partitionThreads must be positive, was " + partitionThreads);
        }
        if (flushEvents < 1) {
            throw new IllegalArgumentException("flushEvents must be positive, was " + flushEvents);
        }
        if (foldMaxHeld < 1) {
            throw new IllegalArgumentException("foldMaxHeld must be positive, was " + foldMaxHeld);
        }
    }

    public RebuildSettings(int chunkSize, int pageSize, boolean skipInvalid, int keepCopies) {
        this(chunkSize, pageSize, skipInvalid, keepCopies, DEFAULT_PARTITION_THREADS, DEFAULT_FLUSH_EVENTS,
                DEFAULT_FOLD_MAX_HELD);
    }
}
