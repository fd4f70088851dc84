package dev.replay.readers;

import dev.replay.readers.builder.JdbcEventReaderBuilder;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** A migrated hot store with helpers to fill it and read it back, for reader tests. */
final class HotStoreFixture implements AutoCloseable {

    final TestDatabase database = TestDatabase.create();
    final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    final JdbcEventAppender appender = new JdbcEventAppender(database.dataSource());
    final JdbcHighWaterMarks marks = new JdbcHighWaterMarks(database.dataSource());

    List<Event> seed(SeedSpec spec) {
        List<Event> events = new ArrayList<>();
        new AccountEventGenerator(spec).forEachRemaining(events::add);
        appender.append(events);
        return events;
    }

    JdbcEventReaderBuilder reader() {
        return new JdbcEventReaderBuilder().name("events").dataSource(database.dataSource());
    }

    /** The event ids in replay order as PostgreSQL orders them. */
    List<UUID> idsInDatabaseOrder() {
        return jdbc.queryForList("select event_id from events order by occurred_at, version, event_id", UUID.class);
    }

    static List<Event> readAll(JdbcEventReader reader) {
        return readAll(reader, new ExecutionContext());
    }

    static List<Event> readAll(JdbcEventReader reader, ExecutionContext context) {
        reader.open(context);
        try {
            return readRest(reader);
        } finally {
            reader.close();
        }
    }

    static List<Event> readRest(JdbcEventReader reader) {
        List<Event> events = new ArrayList<>();
        for (Event event = reader.read(); event != null; event = reader.read()) {
            events.add(event);
        }
        return events;
    }

    static List<UUID> ids(List<Event> events) {
        return events.stream().map(Event::eventId).toList();
    }

    /** Inserts without committing, as a producer inside its own transaction. */
    static void insert(Connection connection, Event event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into events (event_id, aggregate_type,"
                + " aggregate_id, version, event_type, event_data, occurred_at) values (?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.aggregateType());
            insert.setString(3, event.aggregateId());
            insert.setLong(4, event.version());
            insert.setString(5, event.eventType());
            insert.setString(6, event.payload());
            insert.setObject(7, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    Connection openTransaction() throws SQLException {
        Connection connection = database.dataSource().getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    public void close() {
        database.close();
    }
}
