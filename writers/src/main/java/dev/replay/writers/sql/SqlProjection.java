package dev.replay.writers.sql;

import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelTarget;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A projection declared as SQL rather than written in Java: tables with their column definitions,
 * and one statement per handled event type, e.g.
 * {@code insert into {order_stat} as s values (:data.customer, 1, cast(:data.total as numeric)) on conflict ...}.
 *
 * <p>{@code {table}} stands for the build's physical copy of that declared stable table
 * ({@link ReadModelTarget#table}), so blue/green rebuilds, catch-ups and partitions work as for any
 * projection. Parameters ({@link SqlParameter}) are bound from each event after upcasting. Statements
 * are checked when the projection is made: a placeholder of an undeclared table, an unknown parameter,
 * or a declared table named without its braces throws a {@link SqlProjectionException} naming the
 * projection, the event type and the problem; {@link SqlProjectionCheck} then has PostgreSQL prepare them.
 *
 * <p>{@link #apply} runs a chunk's statements in replay order, one JDBC batch per run of consecutive
 * events with the same statement, in the caller's transaction (so exactly once with the step's
 * checkpoint). Immutable and thread-safe.
 */
public final class SqlProjection implements Projection {

    private final String name;
    private final boolean perAggregate;
    private final Map<String, String> tables;
    private final Map<String, SqlStatement> statements = new LinkedHashMap<>();

    /**
     * @param tables each stable table with its column definitions, e.g. {@code "customer text primary key, ..."}
     * @param statements the statement for each handled event type
     * @throws SqlProjectionException naming the projection, the event type or table, and the problem
     */
    public SqlProjection(String name, boolean perAggregate, Map<String, String> tables, Map<String, String> statements) {
        this.name = name;
        this.perAggregate = perAggregate;
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables)); // created in this order
        if (tables.isEmpty()) {
            throw new SqlProjectionException(name, "tables", "declares no table");
        }
        if (statements.isEmpty()) {
            throw new SqlProjectionException(name, "on", "declares no statement for any event type");
        }
        checkTableNames();
        statements.forEach((eventType, sql) -> this.statements.put(eventType, parse(eventType, sql)));
    }

    private void checkTableNames() {
        try {
            ReadModelTarget.direct(new JdbcTemplate(), this); // checks each name as a build's tables will be
        } catch (IllegalArgumentException e) {
            throw new SqlProjectionException(name, "tables", e.getMessage(), e);
        }
    }

    private SqlStatement parse(String eventType, String sql) {
        SqlStatement statement;
        try {
            statement = SqlStatement.parse(sql);
        } catch (IllegalArgumentException e) {
            throw new SqlProjectionException(name, "event type " + eventType, e.getMessage(), e);
        }
        for (String table : statement.placeholders()) {
            if (!tables.containsKey(table)) {
                throw new SqlProjectionException(name, "event type " + eventType, "unknown placeholder {" + table
                        + "}: the table is not declared under tables, which declares " + tables.keySet());
            }
        }
        for (String table : tables.keySet()) {
            if (statement.words().contains(table)) {
                throw new SqlProjectionException(name, "event type " + eventType, "uses table " + table
                        + " without braces; write {" + table + "}, the build's copy of it");
            }
        }
        return statement;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> eventTypes() {
        return statements.keySet();
    }

    @Override
    public List<String> tables() {
        return List.copyOf(tables.keySet());
    }

    /** Each declared table with its column definitions. */
    public Map<String, String> columns() {
        return tables;
    }

    /** The statement of each handled event type, in declaration order. */
    public Map<String, SqlStatement> statements() {
        return Collections.unmodifiableMap(statements);
    }

    @Override
    public boolean perAggregate() {
        return perAggregate;
    }

    @Override
    public void createTables(ReadModelTarget target) {
        tables.forEach((table, columns) -> target.jdbc().execute("create table " + target.table(table)
                + " (" + columns + ")"));
    }

    /** Parses the payload when the event's statement reads it, so a malformed one fails before anything is written. */
    @Override
    public void validate(ProjectedEvent event) {
        if (statements.get(event.eventType()).readsPayload()) {
            event.json();
        }
    }

    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        int start = 0;
        while (start < events.size()) {
            SqlStatement statement = statements.get(events.get(start).eventType());
            int end = start + 1;
            while (end < events.size() && statements.get(events.get(end).eventType()) == statement) {
                end++;
            }
            List<ProjectedEvent> run = events.subList(start, end);
            target.jdbc().batchUpdate(statement.render(target::table), run, run.size(), statement::bind);
            start = end;
        }
    }

    @Override
    public String toString() {
        return "SqlProjection[" + name + " " + statements.keySet() + "]";
    }
}
