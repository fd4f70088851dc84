package dev.replay.readers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import dev.replay.readers.copy.PgBinaryCopy;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The append path of the hot store: writes a batch of events with PostgreSQL's {@code COPY},
 * all or nothing.
 *
 * <p>Optimistic concurrency comes from the unique (aggregate_type, aggregate_id, version)
 * constraint: a batch that would write a version some other writer already committed, or an
 * event id that is already stored, is rejected whole with an {@link AppendConflictException}
 * naming the aggregate and version (or the event id), and nothing of it is stored. Each event's
 * metadata is stored as given (null stays null); the platform columns position and tx_id take
 * their defaults, exactly as for any producer.
 *
 * <p>Thread-safe: each call borrows its own connection.
 */
public class JdbcEventAppender {

    private static final String COPY_SQL = "COPY events (event_id, aggregate_type, aggregate_id, version,"
            + " event_type, event_data, occurred_at, schema_version, metadata) FROM STDIN (FORMAT binary)";

    private final DataSource dataSource;

    public JdbcEventAppender(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Appends the events in one statement.
     *
     * @throws AppendConflictException when a version of an aggregate already exists
     * @throws IllegalStateException when the database rejects the batch for another reason
     */
    public void append(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        PgBinaryCopy copy = new PgBinaryCopy(9, events.size() * 400);
        for (Event event : events) {
            copy.row().uuid(event.eventId()).text(event.aggregateType()).text(event.aggregateId())
                    .int8(event.version()).text(event.eventType()).jsonb(event.payload())
                    .timestamptz(event.occurredAt()).int4(event.schemaVersion()).jsonbOrNull(event.metadata());
        }
        try (Connection connection = dataSource.getConnection()) {
            copy.copyIn(connection, COPY_SQL);
        } catch (PSQLException e) {
            throw translate(e, events);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to append " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    private static RuntimeException translate(PSQLException e, List<Event> events) {
        ServerErrorMessage server = e.getServerErrorMessage();
        if ("23505".equals(e.getSQLState()) && server != null) {
            String what = "events_pk".equals(server.getConstraint()) ? "an event" : "a version";
            return new AppendConflictException("Append rejected, " + what + " already exists: " + server.getDetail(), e);
        }
        String detail = server != null && server.getDetail() != null ? " (" + server.getDetail() + ")" : "";
        return new IllegalStateException("Failed to append " + events.size() + " events: " + e.getMessage() + detail, e);
    }
}
