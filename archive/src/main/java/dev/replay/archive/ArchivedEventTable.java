package dev.replay.archive;

import dev.replay.readers.Event;
import dev.replay.readers.copy.PgBinaryCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A temporary table of what the archive holds, for SQL to compare with the hot store: per event
 * its id, aggregate, version and the index of its segment in the catalog listing. Filled by one
 * binary {@code COPY} streamed in parts of {@value #PART_ROWS} rows, so the server ingests a part
 * while the next is decoded and memory stays flat whatever the archive's size.
 *
 * <p>The table lives in the caller's transaction on one connection ({@code on commit drop}); the
 * caller ends that transaction, which removes it, after {@link #close}. While a COPY is open the
 * connection serves nothing else. Not thread-safe.
 */
final class ArchivedEventTable implements AutoCloseable {

    static final String NAME = "replay_verify_archived";

    private static final int PART_ROWS = 20_000;
    private static final String COPY_SQL = "COPY " + NAME
            + " (event_id, aggregate_type, aggregate_id, version, segment) FROM STDIN (FORMAT binary)";

    private final Connection connection;
    private PgBinaryCopy rows = newRows();
    private int pending;
    private CopyIn copy;

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
        rows.row().uuid(event.eventId()).text(event.aggregateType()).text(event.aggregateId())
                .int8(event.version()).int4(segment);
        if (++pending == PART_ROWS) {
            rows.writeTo(open());
            pending = 0;
        }
    }

    /** Removes what was added for a segment that could not be read to its end. */
    void discard(int segment) throws SQLException {
        endCopy();
        try (PreparedStatement delete = connection.prepareStatement("delete from " + NAME + " where segment = ?")) {
            delete.setInt(1, segment);
            delete.executeUpdate();
        }
    }

    /** Ends the COPY and gathers statistics for the planner. */
    void finish() throws SQLException {
        endCopy();
        try (Statement statement = connection.createStatement()) {
            statement.execute("analyze " + NAME);
        }
    }

    /** Cancels a COPY left open by a failure, so the connection can roll back. */
    @Override
    public void close() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
        copy = null;
    }

    private CopyIn open() throws SQLException {
        if (copy == null) {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL);
        }
        return copy;
    }

    private void endCopy() throws SQLException {
        if (copy != null || pending > 0) {
            rows.endCopy(open());
            copy = null;
            rows = newRows();
            pending = 0;
        }
    }

    private static PgBinaryCopy newRows() {
        return new PgBinaryCopy(5, PART_ROWS * 64);
    }
}
