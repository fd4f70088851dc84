package dev.replay.readers;

import java.util.ArrayList;
import java.util.List;

/**
 * The hot store's partition buckets: the top {@value #BITS} bits of an aggregate's hash
 * ({@link AggregatePartition#hash}), {@value #COUNT} buckets indexed with the replay order
 * ({@code <table>_replay_bucket_ix} on {@code (bucket, occurred_at, version, event_id)}).
 *
 * <p>Why: a partition that filters the replay-order index by its hash walks the whole index, so N
 * partitions read it N times. A {@link AggregatePartition.Scheme#RANGE} partition owns a
 * contiguous range of hashes, which is a contiguous run of buckets; its page query is one index
 * range scan per bucket, merged into replay order by PostgreSQL (a Merge Append under the page's
 * limit), so it reads its own rows and, in a bucket it shares with its neighbour (when the count
 * does not divide {@value #COUNT}), that bucket's other rows too. The bucket count is fixed, not
 * the partition count, so any number of partitions uses the one index.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartitionBuckets {

    /** Bits of the hash that make the bucket. */
    static final int BITS = 6;
    /** The number of buckets. */
    public static final int COUNT = 1 << BITS;

    /**
     * One bucket a partition reads: {@code whole} when every hash of it is the partition's, else the
     * partition's hash range must still be checked row by row.
     */
    record Bucket(int index, boolean whole) {
    }

    private PartitionBuckets() {
    }

    /**
     * The bucket expression over the given columns (quoted by the caller): the first byte of the
     * md5, shifted right by {@code 8 - BITS}. The index and the page queries use this same text, so
     * PostgreSQL matches the index's expression.
     */
    public static String sql(String aggregateTypeColumn, String aggregateIdColumn) {
        return "(('x' || substr(" + AggregatePartition.digestSql(aggregateTypeColumn, aggregateIdColumn)
                + ", 1, 2))::bit(8)::integer >> " + (8 - BITS) + ")";
    }

    /** The bucket index's columns over a table's mapped columns: bucket, then the replay order. */
    public static String indexColumns(HotStoreTable table) {
        return sql(table.sql(HotStoreColumn.AGGREGATE_TYPE), table.sql(HotStoreColumn.AGGREGATE_ID)) + ", "
                + table.replayOrder();
    }

    /** The bucket of a hash. */
    static int of(long hash) {
        return (int) (hash >>> (32 - BITS));
    }

    /** Whether a partition's reads can go through the buckets: a partition of the range scheme. */
    static boolean apply(AggregatePartition partition) {
        return !partition.isAll() && partition.scheme() == AggregatePartition.Scheme.RANGE;
    }

    /** The buckets a {@link AggregatePartition.Scheme#RANGE} partition reads, in order. */
    static List<Bucket> of(AggregatePartition partition) {
        long lowest = partition.lowestHash();
        long highest = partition.highestHash();
        List<Bucket> buckets = new ArrayList<>();
        for (int bucket = of(lowest); bucket <= of(highest); bucket++) {
            long first = (long) bucket << (32 - BITS);
            long last = first + (1L << (32 - BITS)) - 1;
            buckets.add(new Bucket(bucket, first >= lowest && last <= highest));
        }
        return buckets;
    }
}
