package dev.replay.jobs.rebuild;

/**
 * How rebuilds run.
 *
 * @param chunkSize events per chunk: one transaction commits a chunk's writes with its checkpoint
 * @param pageSize events per keyset page of the hot-store reader
 * @param skipInvalid record events with malformed payloads in {@code replay_dead_letter} and go on,
 *                    instead of failing the rebuild naming the event
 * @param keepCopies previously live copies of a read model kept after a swap
 */
public record RebuildSettings(int chunkSize, int pageSize, boolean skipInvalid, int keepCopies) {

    public static final RebuildSettings DEFAULTS = new RebuildSettings(20_000, 20_000, false, 0);

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
    }
}
