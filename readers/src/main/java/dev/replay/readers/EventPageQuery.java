package dev.replay.readers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.postgresql.PGStatement;

/**
 * The keyset query of one page of the hot store in replay order, bound by a high-water mark and
 * a filter, over the {@link HotStoreTable}'s mapped columns.
 *
 * <p>The position is a row-value predicate {@code (occurred_at, version, event_id) > (?, ?, ?)}:
 * PostgreSQL serves it with one range scan of the replay-order index, where the OR-expanded form
 * rescans from the start on every page. xid8 has no cast from bigint, hence {@code ?::text::xid8}.
 * Statements are server-prepared from the first execution, so from the second page on a
 * connection, uuid and timestamptz arrive in binary and decode without text parsing.
 *
 * <p>A partition of the range scheme on a table with the bucket index ({@code bucketed}) reads
 * only its own buckets: one branch per bucket, each a range scan of the bucket index from the
 * position, under a UNION ALL that PostgreSQL merges into replay order (Merge Append) and stops at
 * the page's limit ({@link PartitionBuckets}). Each branch has its own ORDER BY and LIMIT, so it
 * is planned as an ordered index scan whatever the statistics say (an index added to a table
 * that no ANALYZE has seen since is estimated at 0.5% a bucket, and the merge of unordered scans
 * under one sort looked cheaper). The UNION ALL is a subquery in FROM, so that it becomes one
 * append relation whose sorted children can be merged; the outer ORDER BY names the columns by
 * position: occurred_at is the 7th, version the 4th, event_id the 1st. Its pages run in a
 * transaction of their own with sorts and bitmap scans taken off the planner's choices
 * ({@link #ORDERED_SCANS}): with estimates below the limit (no statistics yet, a small table, the
 * end of a bucket) it would read each bucket's whole rest and sort it on every page.
 *
 * <p>Immutable and thread-safe.
 */
final class EventPageQuery {

    private final HotStoreTable table;
    /** The filter the rows are checked against in SQL: without the partition when the buckets take it. */
    private final EventFilter filter;
    private final HighWaterMark mark;
    /** The partition's buckets when they are read one by one; empty when the query filters the partition. */
    private final List<PartitionBuckets.Bucket> buckets;
    private final int pageSize;
    private final String firstPageSql;
    private final String nextPageSql;
    /** The settings of a page by bucket: each branch an ordered index scan, merged, whatever the estimates. */
    static final String ORDERED_SCANS = "set local enable_sort = off; set local enable_bitmapscan = off";
    /** Rows the page queries returned, when {@link ReadCounters} counts; else null. */
    private final LongAdder fetched;

    EventPageQuery(HotStoreTable table, EventFilter filter, HighWaterMark mark, int pageSize) {
        this(table, filter, mark, pageSize, false);
    }

    /**
     * @param bucketed whether the table has the bucket index ({@link HotStoreTable#partitionBucketIndexName});
     *                 only a partition of the range scheme then reads by bucket
     */
    EventPageQuery(HotStoreTable table, EventFilter filter, HighWaterMark mark, int pageSize, boolean bucketed) {
        this.table = table;
        this.mark = mark;
        this.pageSize = pageSize;
        this.fetched = ReadCounters.counter(ReadCounters.Tier.HOT, filter.partition());
        boolean byBucket = bucketed && PartitionBuckets.apply(filter.partition());
        this.buckets = byBucket ? PartitionBuckets.of(filter.partition()) : List.of();
        this.filter = byBucket ? filter.withoutPartition() : filter;
        if (byBucket) {
            this.firstPageSql = bucketPages(filter.partition(), false);
            this.nextPageSql = bucketPages(filter.partition(), true);
        } else {
            String where = select() + " where " + table.belowMark() + filterSql();
            String order = " order by " + table.replayOrder() + " limit ?";
            this.firstPageSql = where + order;
            this.nextPageSql = where + after() + order;
        }
    }

    private String after() {
        return " and (" + table.replayOrder() + ") > (?, ?, ?)";
    }

    /** The page query of a partition by its buckets: a branch per bucket, merged in replay order. */
    private String bucketPages(AggregatePartition partition, boolean next) {
        String type = table.sql(HotStoreColumn.AGGREGATE_TYPE);
        String id = table.sql(HotStoreColumn.AGGREGATE_ID);
        String bucketSql = PartitionBuckets.sql(type, id);
        String hash = AggregatePartition.hashSql(type, id);
        StringJoiner union = new StringJoiner(" union all ", "select * from (", ") p order by 7, 4, 1 limit ?");
        for (PartitionBuckets.Bucket bucket : buckets) {
            String shared = bucket.whole() ? "" : " and " + hash + " >= " + partition.lowestHash()
                    + " and " + hash + " <= " + partition.highestHash();
            union.add("(" + select() + " where " + bucketSql + " = " + bucket.index() + " and " + table.belowMark()
                    + filterSql() + shared + (next ? after() : "") + " order by " + table.replayOrder() + " limit ?)");
        }
        return union.toString();
    }

    /** Records the rows one page query returned (the partition is filtered in SQL: only its own rows). */
    void fetched(int rows) {
        if (fetched != null) {
            fetched.add(rows);
        }
    }

    /** The columns in {@link #map}'s order; text for any JSON type, 1 and null for unmapped optional columns. */
    private String select() {
        return "select " + table.sql(HotStoreColumn.EVENT_ID) + ", " + table.sql(HotStoreColumn.AGGREGATE_TYPE) + ", "
                + table.sql(HotStoreColumn.AGGREGATE_ID) + ", " + table.sql(HotStoreColumn.VERSION) + ", "
                + table.sql(HotStoreColumn.EVENT_TYPE) + ", " + table.sql(HotStoreColumn.EVENT_DATA) + "::text, "
                + table.sql(HotStoreColumn.OCCURRED_AT) + ", "
                + (table.has(HotStoreColumn.SCHEMA_VERSION) ? table.sql(HotStoreColumn.SCHEMA_VERSION) : "1") + ", "
                + (table.has(HotStoreColumn.METADATA) ? table.sql(HotStoreColumn.METADATA) + "::text" : "null::text")
                + " from " + table.sql();
    }

    private String filterSql() {
        StringBuilder sql = new StringBuilder();
        if (mark.isCatchUp()) {
            sql.append(" and ").append(table.atOrAboveLower());
        }
        sql.append(HotStoreFilterSql.of(table, filter));
        return sql.toString();
    }

    /** The events per page; a shorter page is the last. */
    int pageSize() {
        return pageSize;
    }

    /**
     * Reads the page after {@code startAfter} (the first when null) on {@code connection};
     * {@code running} is told the statement while it runs (to cancel it). A page by bucket runs with
     * {@link #ORDERED_SCANS}: in a transaction of its own on a connection in autocommit (which it
     * stays), or, inside the caller's transaction (a chunk's), with the settings reset after it, so
     * that the chunk's other statements plan as always.
     */
    List<Event> page(Connection connection, EventKey startAfter, StringPool pool, Consumer<PreparedStatement> running)
            throws SQLException {
        boolean ordered = !buckets.isEmpty();
        boolean ownTransaction = ordered && connection.getAutoCommit();
        if (ownTransaction) {
            connection.setAutoCommit(false);
        }
        try {
            orderedScans(connection);
            List<Event> page = new ArrayList<>(Math.min(pageSize, 65_536));
            try (PreparedStatement statement = prepare(connection, startAfter, "")) {
                running.accept(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        page.add(map(rows, pool));
                    }
                }
            }
            fetched(page.size());
            return page;
        } finally {
            if (ownTransaction) { // read-only: ending it either way is the same, and the settings end with it
                connection.rollback();
                connection.setAutoCommit(true);
            } else if (ordered) {
                resetQuietly(connection);
            }
        }
    }

    private static void resetQuietly(Connection connection) {
        try (Statement settings = connection.createStatement()) {
            settings.execute("reset enable_sort; reset enable_bitmapscan");
        } catch (SQLException e) {
            // an aborted transaction: it rolls back, and its local settings with it
        }
    }

    /** Applies {@link #ORDERED_SCANS} to the connection's transaction when the pages go by bucket. */
    private void orderedScans(Connection connection) throws SQLException {
        if (!buckets.isEmpty()) {
            try (Statement settings = connection.createStatement()) {
                settings.execute(ORDERED_SCANS);
            }
        }
    }

    /**
     * The plan of the page after {@code startAfter} as {@code explain} options give it, e.g.
     * {@code "(analyze, format json)"}: what PostgreSQL reads for a page, bound and set as a page is.
     * The connection must be in a transaction (the settings of a page by bucket are local to it).
     */
    PreparedStatement explain(Connection connection, EventKey startAfter, String options) throws SQLException {
        orderedScans(connection);
        return prepare(connection, startAfter, "explain " + options + " ");
    }

    /** The page after {@code startAfter} (the first when null), its SQL after {@code prefix}, bound. */
    private PreparedStatement prepare(Connection connection, EventKey startAfter, String prefix) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(prefix + (startAfter == null ? firstPageSql : nextPageSql));
        try {
            if (statement.isWrapperFor(PGStatement.class)) {
                // server-prepared from the first page, binary from the second; not -1 (force binary), whose
                // describe round trip runs before pgjdbc lets Statement.cancel() reach the query
                statement.unwrap(PGStatement.class).setPrepareThreshold(1);
            }
            bind(statement, startAfter);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private void bind(PreparedStatement statement, EventKey startAfter) throws SQLException {
        int i = 0;
        for (int query = 0; query < Math.max(1, buckets.size()); query++) { // the query, or each bucket's branch
            i = bindRows(statement, i, startAfter);
            statement.setInt(++i, pageSize);
        }
        if (!buckets.isEmpty()) {
            statement.setInt(++i, pageSize); // the merged page's own limit
        }
    }

    /** Binds one query's (or one bucket branch's) row conditions from parameter {@code i + 1} on. */
    private int bindRows(PreparedStatement statement, int i, EventKey startAfter) throws SQLException {
        statement.setLong(++i, mark.upperXmin());
        if (mark.isCatchUp()) {
            statement.setLong(++i, mark.lowerXmin());
        }
        i = HotStoreFilterSql.bind(statement, i, filter);
        if (startAfter != null) {
            statement.setObject(++i, utc(startAfter.occurredAt()));
            statement.setLong(++i, startAfter.version());
            statement.setObject(++i, startAfter.eventId());
        }
        return i;
    }

    /**
     * The event of the current row; columns by index, uuid and timestamp decoded from binary,
     * aggregate and event types shared through the reading thread's {@code pool}.
     *
     * @throws UnreplayableEventException naming the event when its occurred_at is not finite
     */
    static Event map(ResultSet row, StringPool pool) throws SQLException {
        java.time.Instant occurredAt = PgBinaryColumns.instant(row, 7);
        if (occurredAt == null) {
            throw UnreplayableEventException.nonFiniteOccurredAt(PgBinaryColumns.uuid(row, 1), row.getString(2),
                    row.getString(3), row.getLong(4),
                    PgBinaryColumns.isPositiveInfinity(row, 7) ? "infinity" : "-infinity");
        }
        return new Event(PgBinaryColumns.uuid(row, 1), pool.canonical(row.getString(2)), row.getString(3),
                row.getLong(4), pool.canonical(row.getString(5)), row.getString(6), occurredAt,
                row.getInt(8), row.getString(9)); // a null metadata is a null, no String
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
