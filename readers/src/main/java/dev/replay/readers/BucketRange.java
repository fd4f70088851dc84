package dev.replay.readers;

import java.util.Objects;

/**
 * A contiguous run of the {@link PartitionBuckets#COUNT} partition buckets, {@code first} to
 * {@code last} inclusive: the aggregates an archived segment holds. An archive run splits a large
 * chunk of a day into one segment per bucket group, so that a {@link AggregatePartition.Scheme#RANGE
 * range} partition opens only the segments of its own buckets; a segment written before the split,
 * or of a small chunk, holds {@link #ALL}.
 *
 * <p>Immutable and thread-safe.
 */
public record BucketRange(int first, int last) {

    /** Every bucket: a segment that holds every aggregate of its key range. */
    public static final BucketRange ALL = new BucketRange(0, PartitionBuckets.COUNT - 1);

    public BucketRange {
        if (first < 0 || last >= PartitionBuckets.COUNT || first > last) {
            throw new IllegalArgumentException("bucket range must lie within 0-" + (PartitionBuckets.COUNT - 1)
                    + " with first <= last, was " + first + "-" + last);
        }
    }

    /**
     * Group {@code group} of {@code groups} equal groups of the buckets.
     *
     * @param groups a power of two from 1 to {@link PartitionBuckets#COUNT}
     */
    public static BucketRange group(int group, int groups) {
        checkGroups(groups);
        if (group < 0 || group >= groups) {
            throw new IllegalArgumentException("group must lie within 0-" + (groups - 1) + ", was " + group);
        }
        int width = PartitionBuckets.COUNT / groups;
        return new BucketRange(group * width, group * width + width - 1);
    }

    /**
     * The group of {@code groups} that an aggregate's bucket falls into.
     *
     * @param groups a power of two from 1 to {@link PartitionBuckets#COUNT}
     */
    public static int groupOf(String aggregateType, String aggregateId, int groups) {
        return bucketOf(aggregateType, aggregateId) / (PartitionBuckets.COUNT / groups);
    }

    /** The bucket of an aggregate: the top bits of its {@link AggregatePartition#hash}. */
    public static int bucketOf(String aggregateType, String aggregateId) {
        return PartitionBuckets.of(AggregatePartition.hash(aggregateType, aggregateId));
    }

    /** Whether {@code groups} is a count the buckets divide into: a power of two from 1 to {@link PartitionBuckets#COUNT}. */
    public static boolean isGroupCount(int groups) {
        return groups >= 1 && groups <= PartitionBuckets.COUNT && Integer.bitCount(groups) == 1;
    }

    /** Fails unless {@link #isGroupCount}. */
    public static void checkGroups(int groups) {
        if (!isGroupCount(groups)) {
            throw new IllegalArgumentException("bucket groups must be a power of two from 1 to "
                    + PartitionBuckets.COUNT + ", was " + groups);
        }
    }

    /** The buckets a partition reads: a range partition's own, every bucket for a whole read or a modulo partition. */
    public static BucketRange of(AggregatePartition partition) {
        if (!PartitionBuckets.apply(partition)) {
            return ALL;
        }
        return new BucketRange(PartitionBuckets.of(partition.lowestHash()), PartitionBuckets.of(partition.highestHash()));
    }

    /** Parses {@link #toString}'s form, {@code first-last}. */
    public static BucketRange parse(String text) {
        Objects.requireNonNull(text, "text");
        int dash = text.indexOf('-');
        try {
            return new BucketRange(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bucket range must read first-last, such as 0-7, was '" + text + "'", e);
        }
    }

    /** Buckets in the range. */
    public int width() {
        return last - first + 1;
    }

    /** Whether the range holds every bucket. */
    public boolean isAll() {
        return width() == PartitionBuckets.COUNT;
    }

    /** Whether an aggregate's bucket lies in the range. */
    public boolean contains(String aggregateType, String aggregateId) {
        if (isAll()) {
            return true;
        }
        int bucket = bucketOf(aggregateType, aggregateId);
        return first <= bucket && bucket <= last;
    }

    /**
     * Whether a partition may own aggregates of this range: for a {@link AggregatePartition.Scheme#RANGE}
     * partition, when its buckets and these meet; a whole read or a modulo partition (whose
     * aggregates are spread over every bucket) meets every range.
     */
    public boolean overlaps(AggregatePartition partition) {
        BucketRange read = of(partition);
        return read.first <= last && read.last >= first;
    }

    /**
     * Whether every aggregate of this range is the partition's: the whole read, or a range partition
     * whose hashes cover these buckets entirely, so that its events need no check one by one.
     */
    public boolean within(AggregatePartition partition) {
        if (partition.isAll()) {
            return true;
        }
        if (partition.scheme() != AggregatePartition.Scheme.RANGE) {
            return false;
        }
        int shift = 32 - PartitionBuckets.BITS;
        long lowest = (long) first << shift;
        long highest = ((long) (last + 1) << shift) - 1;
        return partition.lowestHash() <= lowest && highest <= partition.highestHash();
    }

    /**
     * The buckets of this range that a partition reads, as a share of the buckets the partition
     * reads in all: 1 for a range that covers the partition's, 1/8 for one of eight groups read by
     * a whole stream. The segments of one key range are read at once, so each reads ahead this share.
     */
    public double shareOf(AggregatePartition partition) {
        BucketRange read = of(partition);
        int common = Math.min(last, read.last) - Math.max(first, read.first) + 1;
        return Math.max(0, common) / (double) read.width();
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
