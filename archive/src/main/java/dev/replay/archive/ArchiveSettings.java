package dev.replay.archive;

import java.util.Objects;

/**
 * How archive runs cut and write segments.
 *
 * @param segmentMaxRows at most this many events per segment
 * @param segmentMaxBytes at most about this many bytes of event data (ids, names, payloads,
 *                        before compression) per segment; with the row bound it keeps a
 *                        segment's upload and verification bounded whatever the backlog
 * @param pageSize events per keyset page of the hot-store reader
 * @param writeOptions row group and page sizes of the Parquet files
 */
public record ArchiveSettings(int segmentMaxRows, long segmentMaxBytes, int pageSize,
                              SegmentWriteOptions writeOptions) {

    public static final int DEFAULT_SEGMENT_MAX_ROWS = 500_000;
    public static final long DEFAULT_SEGMENT_MAX_BYTES = 536_870_912L; // 512 MiB
    public static final int DEFAULT_PAGE_SIZE = 10_000;
    public static final ArchiveSettings DEFAULTS = new ArchiveSettings(DEFAULT_SEGMENT_MAX_ROWS,
            DEFAULT_SEGMENT_MAX_BYTES, DEFAULT_PAGE_SIZE, SegmentWriteOptions.defaults());

    public ArchiveSettings {
        if (segmentMaxRows < 1) {
            throw new IllegalArgumentException("segmentMaxRows must be positive, was " + segmentMaxRows);
        }
        if (segmentMaxBytes < 1) {
            throw new IllegalArgumentException("segmentMaxBytes must be positive, was " + segmentMaxBytes);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        Objects.requireNonNull(writeOptions, "writeOptions");
    }
}
