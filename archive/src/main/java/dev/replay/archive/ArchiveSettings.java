package dev.replay.archive;

import dev.replay.readers.BucketRange;
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
 * @param bucketFiles the segments a large chunk of a day is split into, one per group of partition
 *                    buckets (a power of two, 1 to 64; 1 writes one segment of every bucket), so
 *                    that a partitioned rebuild reads only its own share of the archive
 */
public record ArchiveSettings(int segmentMaxRows, long segmentMaxBytes, int pageSize,
                              SegmentWriteOptions writeOptions, int bucketFiles) {

    public static final int DEFAULT_BUCKET_FILES = 8;

    public static final int DEFAULT_SEGMENT_MAX_ROWS = 500_000;
    public static final long DEFAULT_SEGMENT_MAX_BYTES = 536_870_912L; // 512 MiB
    public static final int DEFAULT_PAGE_SIZE = 10_000;
    public static final ArchiveSettings DEFAULTS = new ArchiveSettings(DEFAULT_SEGMENT_MAX_ROWS,
            DEFAULT_SEGMENT_MAX_BYTES, DEFAULT_PAGE_SIZE, SegmentWriteOptions.defaults(), DEFAULT_BUCKET_FILES);

    /** Settings that split large chunks into {@link #DEFAULT_BUCKET_FILES} segments. */
    public ArchiveSettings(int segmentMaxRows, long segmentMaxBytes, int pageSize, SegmentWriteOptions writeOptions) {
        this(segmentMaxRows, segmentMaxBytes, pageSize, writeOptions, DEFAULT_BUCKET_FILES);
    }

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
        BucketRange.checkGroups(bucketFiles);
    }
}
