package dev.replay.readers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.postgresql.PGStatement;

/**
 * The keyset query of one page of the hot store in replay order, bound by a high-water mark and
 * a filter.
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

    private static final String SELECT = "select event_id, aggregate_type, aggregate_id, version, event_type,"
            + " event_data::text, occurred_at, schema_version, metadata::text from events where tx_id < ?::text::xid8";
    private static final String AFTER = " and (occurred_at, version, event_id) > (?, ?, ?)";
    private static final String ORDER = " order by occurred_at, version, event_id limit ?";

    private final EventFilter filter;
    private final HighWaterMark mark;
    private final int pageSize;
    private final String firstPageSql;
    private final String nextPageSql;

    EventPageQuery(EventFilter filter, HighWaterMark mark, int pageSize) {
        this.filter = filter;
        this.mark = mark;
        this.pageSize = pageSize;
        String where = SELECT + filterSql();
        this.firstPageSql = where + ORDER;
        this.nextPageSql = where + AFTER + ORDER;
    }

    private String filterSql() {
        StringBuilder sql = new StringBuilder();
        if (mark.isCatchUp()) {
            sql.append(" and tx_id >= ?::text::xid8");
        }
        if (filter.from() != null) {
            sql.append(" and occurred_at >= ?");
        }
        if (filter.to() != null) {
            sql.append(" and occurred_at < ?");
        }
        if (!filter.aggregateTypes().isEmpty()) {
            sql.append(" and aggregate_type = any(?)");
        }
        if (!filter.eventTypes().isEmpty()) {
            sql.append(" and event_type = any(?)");
        }
        if (!filter.aggregateIds().isEmpty()) {
            sql.append(" and aggregate_id = any(?)");
        }
        if (!filter.partition().isAll()) {
            sql.append(" and ").append(AggregatePartition.SQL);
        }
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
        if (filter.from() != null) {
            statement.setObject(++i, utc(filter.from()));
        }
        if (filter.to() != null) {
            statement.setObject(++i, utc(filter.to()));
        }
        if (!filter.aggregateTypes().isEmpty()) {
            statement.setArray(++i, statement.getConnection().createArrayOf("text", filter.aggregateTypes().toArray()));
        }
        if (!filter.eventTypes().isEmpty()) {
            statement.setArray(++i, statement.getConnection().createArrayOf("text", filter.eventTypes().toArray()));
        }
        if (!filter.aggregateIds().isEmpty()) {
            statement.setArray(++i, statement.getConnection().createArrayOf("text", filter.aggregateIds().toArray()));
        }
        if (!filter.partition().isAll()) {
            statement.setLong(++i, filter.partition().count());
            statement.setLong(++i, filter.partition().index());
        }
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
