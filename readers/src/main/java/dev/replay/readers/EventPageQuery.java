package dev.replay.readers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.LongAdder;
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
 * <p>Immutable and thread-safe.
 */
final class EventPageQuery {

    private final HotStoreTable table;
    private final EventFilter filter;
    private final HighWaterMark mark;
    private final int pageSize;
    private final String firstPageSql;
    private final String nextPageSql;
    /** Rows the page queries returned, when {@link ReadCounters} counts; else null. */
    private final LongAdder fetched;

    EventPageQuery(HotStoreTable table, EventFilter filter, HighWaterMark mark, int pageSize) {
        this.table = table;
        this.filter = filter;
        this.mark = mark;
        this.pageSize = pageSize;
        String where = select() + " where " + table.belowMark() + filterSql();
        String order = " order by " + table.replayOrder() + " limit ?";
        this.firstPageSql = where + order;
        this.nextPageSql = where + " and (" + table.replayOrder() + ") > (?, ?, ?)" + order;
        this.fetched = ReadCounters.counter(ReadCounters.Tier.HOT, filter.partition());
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

    /** The page after {@code startAfter}, or the first page when it is null. */
    PreparedStatement prepare(Connection connection, EventKey startAfter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(startAfter == null ? firstPageSql : nextPageSql);
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
        statement.setInt(++i, pageSize);
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
