package dev.replay.readers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One partition of a replay split by aggregate: the events whose aggregate's hash falls into the
 * partition's share of the hash space. Every event of an aggregate falls into the same partition,
 * so each partition keeps its aggregates' version order, and the partitions together hold every
 * event exactly once.
 *
 * <p>The hash is the one function that the hot store's SQL and Java compute alike: the first
 * 8 hex digits of {@code md5(aggregate_type || '/' || aggregate_id)} (UTF-8) as an unsigned 32-bit
 * number. PostgreSQL's {@code hashtext} is internal and may change between versions, so it is not
 * used.
 *
 * <p>Schemes: {@link Scheme#RANGE} (partitions since issue 15) gives partition {@code i} of
 * {@code n} the hashes {@code h} with {@code floor(h * n / 2^32) = i}, a contiguous range, so a
 * partition reads a contiguous run of the hot store's {@link PartitionBuckets} and nothing else.
 * {@link Scheme#MODULO} ({@code h mod n = i}) is how partitioned runs started before that were
 * split; their restarts keep it, since a restart must split as its first execution did.
 * {@link #sql} is the predicate of either, pushed into the hot store's query.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index  the partition, {@code 0 <= index < count}
 * @param count  the number of partitions; 1 means no partitioning
 * @param scheme how hashes map onto partitions
 */
public record AggregatePartition(int index, int count, Scheme scheme) {

    /** How aggregate hashes map onto partitions. */
    public enum Scheme {
        /** Contiguous ranges of the hash space: {@code floor(hash * count / 2^32) = index}. */
        RANGE,
        /** {@code hash mod count = index}: partitioned runs started before issue 15. */
        MODULO
    }

    /** No partitioning: every event. */
    public static final AggregatePartition NONE = new AggregatePartition(0, 1);

    /** The most partitions a replay may be split into. */
    public static final int MAX_COUNT = 1024;

    /** The number of distinct hashes: 2^32. */
    static final long HASHES = 1L << 32;

    /**
     * The SQL predicate of a {@link Scheme#MODULO} partition over the default table's columns;
     * binds the count, then the index. A plain {@code mod(...) = ?} is estimated to keep 0.5% of
     * the rows (the planner's default for an expression it has no statistics of), fewer than a
     * page, so PostgreSQL reads and sorts the whole table for every page instead of walking the
     * replay-order index; as a CASE it is estimated at half, and each page is one index range scan
     * (2.9 s against 0.12 s a page of 20,000 of 2M events).
     */
    public static final String SQL = moduloSql(hashSql("aggregate_type", "aggregate_id"));

    /** Partition {@code index} of {@code count} in the {@link Scheme#RANGE} scheme. */
    public AggregatePartition(int index, int count) {
        this(index, count, Scheme.RANGE);
    }

    /**
     * This partition's predicate over the given columns (a mapped hot store's, quoted by the
     * caller), as a CASE for the estimate (see {@link #SQL}); {@link #bind} binds its arguments.
     */
    public String sql(String aggregateTypeColumn, String aggregateIdColumn) {
        String hash = hashSql(aggregateTypeColumn, aggregateIdColumn);
        return scheme == Scheme.MODULO ? moduloSql(hash)
                : "case when " + hash + " >= ? and " + hash + " < ? then true else false end";
    }

    /** Binds {@link #sql}'s arguments from parameter {@code i + 1} on; returns the last index bound. */
    public int bind(PreparedStatement statement, int i) throws SQLException {
        statement.setLong(++i, scheme == Scheme.MODULO ? count : lowestHash());
        statement.setLong(++i, scheme == Scheme.MODULO ? index : highestHash() + 1);
        return i;
    }

    /** The aggregate hash in SQL: an unsigned 32-bit number as a bigint, as {@link #hash} computes it. */
    static String hashSql(String aggregateTypeColumn, String aggregateIdColumn) {
        return "('x' || substr(" + digestSql(aggregateTypeColumn, aggregateIdColumn) + ", 1, 8))::bit(32)::bigint";
    }

    /** The md5 of the aggregate in SQL, as hex: what {@link #hashSql} and the buckets take their bits of. */
    static String digestSql(String aggregateTypeColumn, String aggregateIdColumn) {
        return "md5(" + aggregateTypeColumn + " || '/' || " + aggregateIdColumn + ")";
    }

    private static String moduloSql(String hash) {
        return "case when mod(" + hash + ", ?) = ? then true else false end";
    }

    /** The lowest hash of this {@link Scheme#RANGE} partition: {@code ceil(index * 2^32 / count)}. */
    public long lowestHash() {
        return (index * HASHES + count - 1) / count;
    }

    /** The highest hash of this {@link Scheme#RANGE} partition, inclusive. */
    public long highestHash() {
        return ((index + 1) * HASHES + count - 1) / count - 1;
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5, which every JVM must have", e);
        }
    });

    public AggregatePartition {
        Objects.requireNonNull(scheme, "scheme");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ", was " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index must be between 0 and " + (count - 1) + ", was " + index);
        }
    }

    /** Whether this is no partitioning at all. */
    public boolean isAll() {
        return count == 1;
    }

    /** Whether the aggregate's events belong to this partition. */
    public boolean contains(String aggregateType, String aggregateId) {
        if (count == 1) {
            return true;
        }
        long hash = hash(aggregateType, aggregateId);
        return (scheme == Scheme.MODULO ? hash % count : hash * count >>> 32) == index;
    }

    /** The stable hash of an aggregate: an unsigned 32-bit number, as {@link #SQL} computes it. */
    public static long hash(String aggregateType, String aggregateId) {
        MessageDigest md5 = MD5.get();
        md5.update(aggregateType.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '/');
        byte[] digest = md5.digest(aggregateId.getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8) | (digest[3] & 0xFFL);
    }

    @Override
    public String toString() {
        return count == 1 ? "all" : index + "/" + count + (scheme == Scheme.MODULO ? " (modulo)" : "");
    }
}
