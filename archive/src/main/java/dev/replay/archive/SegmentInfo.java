package dev.replay.archive;

import dev.replay.readers.BucketRange;
import dev.replay.readers.EventKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the catalog records of one written segment: where it is, which UTC day it belongs to,
 * how many events it holds, the first and last of them in replay order, their time span, the
 * file's byte size, the checksum of its contents ({@link SegmentChecksum}) and the partition
 * buckets of its aggregates ({@link BucketRange}; all of them unless the run split the key range).
 *
 * <p>{@code path} is the fully qualified Hadoop path text, e.g.
 * {@code s3a://bucket/prefix/events/date=2026-11-01/seg-run-1.parquet} or
 * {@code file:/var/replay/archive/events/...}. Immutable.
 */
public record SegmentInfo(
        String path,
        LocalDate partitionDate,
        long rows,
        EventKey firstKey,
        EventKey lastKey,
        Instant minOccurredAt,
        Instant maxOccurredAt,
        long bytes,
        String checksum,
        BucketRange buckets) {

    /** A segment of every bucket ({@link BucketRange#ALL}). */
    public SegmentInfo(String path, LocalDate partitionDate, long rows, EventKey firstKey, EventKey lastKey,
                       Instant minOccurredAt, Instant maxOccurredAt, long bytes, String checksum) {
        this(path, partitionDate, rows, firstKey, lastKey, minOccurredAt, maxOccurredAt, bytes, checksum,
                BucketRange.ALL);
    }

    public SegmentInfo {
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(partitionDate, "partitionDate");
        Objects.requireNonNull(firstKey, "firstKey");
        Objects.requireNonNull(lastKey, "lastKey");
        Objects.requireNonNull(minOccurredAt, "minOccurredAt");
        Objects.requireNonNull(maxOccurredAt, "maxOccurredAt");
        Objects.requireNonNull(checksum, "checksum");
        if (rows < 1) {
            throw new IllegalArgumentException("rows of segment " + path + " must be positive, was " + rows);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes of segment " + path + " must not be negative, was " + bytes);
        }
        if (firstKey.compareTo(lastKey) > 0) {
            throw new IllegalArgumentException("firstKey of segment " + path + " must not follow lastKey, was "
                    + firstKey + " after " + lastKey);
        }
    }

    /** Whether {@code key} lies within this segment's key range, bounds included. */
    public boolean covers(EventKey key) {
        return firstKey.compareTo(key) <= 0 && key.compareTo(lastKey) <= 0;
    }
}
