package dev.replay.archive;

/**
 * How a segment is laid out: the row group size in bytes (a reader skips or reads whole row
 * groups), an optional row count limit per row group, and the page size. Compression is always
 * ZSTD. Immutable; validated at construction.
 *
 * @param rowGroupBytes target row group size before compression ends a group; default 64 MiB
 * @param rowGroupRows at most this many rows per row group; 0 for no limit
 * @param pageBytes target page size; default 1 MiB
 */
public record SegmentWriteOptions(long rowGroupBytes, int rowGroupRows, int pageBytes) {

    public static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_PAGE_BYTES = 1024 * 1024;

    public SegmentWriteOptions {
        if (rowGroupBytes < 1) {
            throw new IllegalArgumentException("rowGroupBytes must be positive, was " + rowGroupBytes);
        }
        if (rowGroupRows < 0) {
            throw new IllegalArgumentException("rowGroupRows must be 0 (no limit) or positive, was " + rowGroupRows);
        }
        if (pageBytes < 1) {
            throw new IllegalArgumentException("pageBytes must be positive, was " + pageBytes);
        }
    }

    public static SegmentWriteOptions defaults() {
        return new SegmentWriteOptions(DEFAULT_ROW_GROUP_BYTES, 0, DEFAULT_PAGE_BYTES);
    }

    /** These options with at most {@code rows} rows per row group. */
    public SegmentWriteOptions withRowGroupRows(int rows) {
        return new SegmentWriteOptions(rowGroupBytes, rows, pageBytes);
    }
}
