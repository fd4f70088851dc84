package dev.replay.archive;

import dev.replay.readers.Event;
import dev.replay.readers.copy.PgBinaryCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A temporary table of what the archive holds, for SQL to compare with the hot store: per event
 * its id, aggregate, version and the index of its segment in the catalog listing. Filled with
 * binary {@code COPY} in batches, so memory stays flat whatever the archive's size.
 *
 * <p>The table lives in the caller's transaction on one connection ({@code on commit drop}); the
 * caller ends that transaction, which removes it. Not thread-safe.
 */
final class ArchivedEventTable {

    static final String NAME = "replay_verify_archived";

    private static final int BATCH_ROWS = 20_000;
    private static final String COPY_SQL = "COPY " + NAME
            + " (event_id, aggregate_type, aggregate_id, version, segment) FROM STDIN (FORMAT binary)";

    private final Connection connection;
    private PgBinaryCopy batch;
    private int batchRows;

    private ArchivedEventTable(Connection connection) {
        this.connection = connection;
    }

    /** Creates the table on {@code connection}, which must be in a transaction. */
    static ArchivedEventTable create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // no constraints or indexes: PostgreSQL answers with hash joins and one sort afterwards
            statement.execute("create temporary table " + NAME + " (event_id uuid not null, aggregate_type text not null,"
                    + " aggregate_id text not null, version bigint not null, segment integer not null) on commit drop");
        }
        return new ArchivedEventTable(connection);
    }

    void add(Event event, int segment) throws SQLException {
        if (batch == null) {
            batch = new PgBinaryCopy(5, BATCH_ROWS * 64);
        }
        batch.row().uuid(event.eventId()).text(event.aggregateType()).text(event.aggregateId())
                .int8(event.version()).int4(segment);
        if (++batchRows == BATCH_ROWS) {
            flush();
        }
    }

    /** Removes what was added for a segment that could not be read to its end. */
    void discard(int segment) throws SQLException {
        flush();
        try (PreparedStatement delete = connection.prepareStatement("delete from " + NAME + " where segment = ?")) {
            delete.setInt(1, segment);
            delete.executeUpdate();
        }
    }

    /** Sends what is buffered and gathers statistics for the planner. */
    void finish() throws SQLException {
        flush();
        try (Statement statement = connection.createStatement()) {
            statement.execute("analyze " + NAME);
        }
    }

    private void flush() throws SQLException {
        if (batch != null) {
            batch.copyIn(connection, COPY_SQL);
            batch = null;
            batchRows = 0;
        }
    }
}
