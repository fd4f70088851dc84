package dev.replay.readers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
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
 * their defaults, exactly as for any producer. On a mapped table only its mapped columns are
 * written, each in its own type (a version as integer or bigint, a payload as jsonb, json or text).
 *
 * <p>Thread-safe: each call borrows its own connection.
 */
public class JdbcEventAppender {

    private static final Map<HotStoreColumn, String> DEFAULT_TYPES = defaultTypes();

    private final DataSource dataSource;
    private final HotStoreTable table;
    private final String copySql;
    private volatile Map<HotStoreColumn, String> types; // of a mapped table, read on first append

    /** The append path of the default {@code events} table. */
    public JdbcEventAppender(DataSource dataSource) {
        this(HotStore.of(dataSource));
    }

    /** The append path of {@code hotStore}'s table, into its mapped columns only. */
    public JdbcEventAppender(HotStore hotStore) {
        this.dataSource = Objects.requireNonNull(hotStore, "hotStore").dataSource();
        this.table = hotStore.table();
        this.copySql = "COPY " + table.sql() + " (" + String.join(", ", table.mappedColumnsSql())
                + ") FROM STDIN (FORMAT binary)";
        this.types = table.isDefault() ? DEFAULT_TYPES : null;
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
        Map<HotStoreColumn, String> types = types();
        PgBinaryCopy copy = new PgBinaryCopy(types.size(), events.size() * 400);
        for (Event event : events) {
            copy.row().uuid(event.eventId()).text(event.aggregateType()).text(event.aggregateId());
            integer(copy, types.get(HotStoreColumn.VERSION), event.version()).text(event.eventType());
            json(copy, types.get(HotStoreColumn.EVENT_DATA), event.payload()).timestamptz(event.occurredAt());
            if (types.containsKey(HotStoreColumn.METADATA)) {
                json(copy, types.get(HotStoreColumn.METADATA), event.metadata());
            }
            if (types.containsKey(HotStoreColumn.SCHEMA_VERSION)) {
                integer(copy, types.get(HotStoreColumn.SCHEMA_VERSION), event.schemaVersion());
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            copy.copyIn(connection, copySql);
        } catch (PSQLException e) {
            throw translate(e, events);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to append " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    private Map<HotStoreColumn, String> types() {
        if (types == null) {
            types = new HotStoreSchema(dataSource, table).columnTypes();
        }
        return types;
    }

    /** Binary COPY takes each type's own encoding: the value as the column's integer type. */
    private static PgBinaryCopy integer(PgBinaryCopy copy, String type, long value) {
        return switch (type) {
            case "smallint" -> copy.int2((short) value);
            case "integer" -> copy.int4(Math.toIntExact(value));
            default -> copy.int8(value);
        };
    }

    /** jsonb carries a version byte; json and text are the text itself. */
    private static PgBinaryCopy json(PgBinaryCopy copy, String type, String json) {
        if (json == null) {
            return copy.nullField();
        }
        return "jsonb".equals(type) ? copy.jsonb(json) : copy.text(json);
    }

    private RuntimeException translate(PSQLException e, List<Event> events) {
        ServerErrorMessage server = e.getServerErrorMessage();
        if ("23505".equals(e.getSQLState()) && server != null) {
            String detail = server.getDetail() == null ? "" : server.getDetail();
            boolean eventId = "events_pk".equals(server.getConstraint())
                    || detail.startsWith("Key (" + table.physical(HotStoreColumn.EVENT_ID) + ")=");
            String what = eventId ? "an event" : "a version";
            return new AppendConflictException("Append rejected, " + what + " already exists: " + server.getDetail(), e);
        }
        String detail = server != null && server.getDetail() != null ? " (" + server.getDetail() + ")" : "";
        return new IllegalStateException("Failed to append " + events.size() + " events: " + e.getMessage() + detail, e);
    }

    private static Map<HotStoreColumn, String> defaultTypes() {
        Map<HotStoreColumn, String> types = new java.util.EnumMap<>(HotStoreColumn.class);
        for (HotStoreColumn column : HotStoreColumn.values()) {
            types.put(column, column.types().get(0));
        }
        types.put(HotStoreColumn.VERSION, "bigint");
        return types;
    }
}
