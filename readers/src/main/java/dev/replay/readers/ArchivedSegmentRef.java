package dev.replay.readers;

import java.util.Objects;

/**
 * One archived segment as the catalog records it: where it is, its first and last key in replay
 * order, its row count, the checksum of its events and the partition buckets whose aggregates it
 * holds ({@link BucketRange#ALL} unless the archive run split its key range by bucket, in which
 * case segments of one key range overlap and the merge reads them together). Immutable.
 */
public record ArchivedSegmentRef(String path, EventKey firstKey, EventKey lastKey, long rows, String checksum,
                                 BucketRange buckets) {

    /** A segment of every bucket. */
    public ArchivedSegmentRef(String path, EventKey firstKey, EventKey lastKey, long rows, String checksum) {
        this(path, firstKey, lastKey, rows, checksum, BucketRange.ALL);
    }

    public ArchivedSegmentRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(firstKey, "firstKey");
        Objects.requireNonNull(lastKey, "lastKey");
        if (rows < 1) {
            throw new IllegalArgumentException("rows of segment " + path + " must be positive, was " + rows);
        }
    }
}
