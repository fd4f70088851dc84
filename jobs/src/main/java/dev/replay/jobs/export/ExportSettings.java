package dev.replay.jobs.export;

/**
 * How exports run.
 *
 * @param chunkSize events per chunk: each chunk's output commits with the reader's checkpoint; a
 *                  part file holds at most one chunk
 * @param pageSize events per keyset page read from the hot store
 * @param maxRate the default cap on events read per second; 0 for none
 */
public record ExportSettings(int chunkSize, int pageSize, long maxRate) {

    public static final int DEFAULT_CHUNK_SIZE = 50_000;
    public static final int DEFAULT_PAGE_SIZE = 10_000;
    public static final ExportSettings DEFAULTS = new ExportSettings(DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_SIZE, 0);

    public ExportSettings {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        if (maxRate < 0) {
            throw new IllegalArgumentException("maxRate must be 0 (no limit) or positive, was " + maxRate);
        }
    }
}
