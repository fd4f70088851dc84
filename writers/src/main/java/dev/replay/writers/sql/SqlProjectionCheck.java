package dev.replay.writers.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Has PostgreSQL prepare every statement of a {@link SqlProjection} before any job runs, so that a
 * statement it cannot run (a missing column, a type mismatch, a syntax error) is reported at start,
 * naming the projection, the event type and PostgreSQL's message, rather than by a failed rebuild.
 *
 * <p>It works in one transaction that it rolls back: the declared tables are created as temporary
 * tables and each statement, its placeholders pointing at them, is parsed and described by the
 * server without running. Nothing is left in the database. Stateless and thread-safe.
 */
public final class SqlProjectionCheck {

    private final DataSource dataSource;

    public SqlProjectionCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @throws SqlProjectionException naming the projection, the table or event type, and the problem
     * @throws IllegalStateException when the database cannot be used at all
     */
    public void check(SqlProjection projection) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                createTables(connection, projection);
                for (Map.Entry<String, SqlStatement> entry : projection.statements().entrySet()) {
                    prepare(connection, projection, entry.getKey(), entry.getValue());
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check SQL projection [" + projection.name() + "]: "
                    + e.getMessage(), e);
        }
    }

    private static void createTables(Connection connection, SqlProjection projection) throws SQLException {
        for (Map.Entry<String, String> table : projection.columns().entrySet()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temporary table " + table.getKey() + " (" + table.getValue() + ")");
            } catch (SQLException e) {
                throw new SqlProjectionException(projection.name(), "table " + table.getKey(),
                        "PostgreSQL cannot create it from '" + table.getValue() + "': " + oneLine(e), e);
            }
        }
    }

    private static void prepare(Connection connection, SqlProjection projection, String eventType,
                                SqlStatement statement) throws SQLException {
        String sql = statement.render(table -> "pg_temp." + table);
        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
            prepared.getParameterMetaData(); // the server parses, analyses and describes it; nothing runs
        } catch (SQLException e) {
            throw new SqlProjectionException(projection.name(), "event type " + eventType,
                    "PostgreSQL cannot prepare the statement: " + oneLine(e), e);
        }
    }

    private static String oneLine(SQLException e) {
        return String.join(" ", String.valueOf(e.getMessage()).strip().lines().map(String::strip).toList());
    }
}
