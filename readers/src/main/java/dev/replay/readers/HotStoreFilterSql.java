package dev.replay.readers;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * An {@link EventFilter} as a WHERE clause over a {@link HotStoreTable}'s mapped columns, and the
 * binding of its arguments in the same order: the time range, the type and id sets (as arrays,
 * one statement whatever their size) and the partition. Stateless and thread-safe.
 */
final class HotStoreFilterSql {

    private HotStoreFilterSql() {
    }

    /** The filter's predicates, each starting with {@code " and "}; empty for {@link EventFilter#ALL}. */
    static String of(HotStoreTable table, EventFilter filter) {
        StringBuilder sql = new StringBuilder();
        if (filter.from() != null) {
            sql.append(" and ").append(table.sql(HotStoreColumn.OCCURRED_AT)).append(" >= ?");
        }
        if (filter.to() != null) {
            sql.append(" and ").append(table.sql(HotStoreColumn.OCCURRED_AT)).append(" < ?");
        }
        any(sql, table, HotStoreColumn.AGGREGATE_TYPE, filter.aggregateTypes());
        any(sql, table, HotStoreColumn.EVENT_TYPE, filter.eventTypes());
        any(sql, table, HotStoreColumn.AGGREGATE_ID, filter.aggregateIds());
        if (!filter.partition().isAll()) {
            sql.append(" and ").append(filter.partition().sql(table.sql(HotStoreColumn.AGGREGATE_TYPE),
                    table.sql(HotStoreColumn.AGGREGATE_ID)));
        }
        return sql.toString();
    }

    private static void any(StringBuilder sql, HotStoreTable table, HotStoreColumn column, Set<String> values) {
        if (!values.isEmpty()) {
            sql.append(" and ").append(table.sql(column)).append(" = any(?)");
        }
    }

    /** Binds the filter's arguments from parameter {@code i + 1} on; returns the last index bound. */
    static int bind(PreparedStatement statement, int i, EventFilter filter) throws SQLException {
        if (filter.from() != null) {
            statement.setObject(++i, utc(filter.from()));
        }
        if (filter.to() != null) {
            statement.setObject(++i, utc(filter.to()));
        }
        i = bindAny(statement, i, filter.aggregateTypes());
        i = bindAny(statement, i, filter.eventTypes());
        i = bindAny(statement, i, filter.aggregateIds());
        if (!filter.partition().isAll()) {
            i = filter.partition().bind(statement, i);
        }
        return i;
    }

    private static int bindAny(PreparedStatement statement, int i, Set<String> values) throws SQLException {
        if (!values.isEmpty()) {
            statement.setArray(++i, statement.getConnection().createArrayOf("text", values.toArray()));
        }
        return i;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
