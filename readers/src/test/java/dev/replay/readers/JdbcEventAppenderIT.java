package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcEventAppenderIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcEventAppender appender = new JdbcEventAppender(database.dataSource());
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    private static Event event(String aggregateId, long version, String payload) {
        return new Event(UUID.randomUUID(), "Account", aggregateId, version, "Deposited", payload,
                Instant.parse("2026-03-01T10:15:30.123456Z"));
    }

    @Test
    void storesEveryColumnExactlyAndFillsThePlatformColumns() {
        // given
        Event event = event("a-1", 1, "{\"amount\": 12.34, \"note\": \"quote \\\" comma, newline\\n\"}");

        // when
        appender.append(List.of(event));

        // then
        var row = jdbc.queryForMap("select event_id, aggregate_id, version, event_data::text as data,"
                + " occurred_at, tx_id::text as tx, position, schema_version from events");
        assertThat(row.get("event_id")).isEqualTo(event.eventId());
        assertThat(row.get("version")).isEqualTo(1L);
        assertThat(row.get("data")).isEqualTo("{\"note\": \"quote \\\" comma, newline\\n\", \"amount\": 12.34}");
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(event.occurredAt());
        assertThat(row.get("tx")).isNotNull();
        assertThat(row.get("position")).isEqualTo(1L);
        assertThat(row.get("schema_version")).isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 12 defect 2: metadata and schema_version are stored and read back")
    void storesAndReadsBackMetadataAndSchemaVersion() {
        // given
        Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
        Event with = new Event(UUID.randomUUID(), "Account", "a-1", 1, "Opened", "{}", at, 2, "{\"user\": \"Zoë\"}");
        Event without = new Event(UUID.randomUUID(), "Account", "a-1", 2, "Deposited", "{}", at.plusSeconds(1), 1);

        // when
        appender.append(List.of(with, without));

        // then
        assertThat(jdbc.queryForList("select coalesce(metadata::text, '-') from events order by version", String.class))
                .containsExactly("{\"user\": \"Zoë\"}", "-");
        List<Event> read = HotStoreFixture.readAll(new dev.replay.readers.builder.JdbcEventReaderBuilder().name("events")
                .dataSource(database.dataSource()).pageSize(1).build()); // pages after the first decode binary
        assertThat(read).containsExactly(with, without);
    }

    @Test
    void rejectsAnExistingVersionWholeNamingTheAggregate() {
        // given
        appender.append(List.of(event("a-1", 1, "{}")));

        // when / then
        assertThatThrownBy(() -> appender.append(List.of(event("a-2", 1, "{}"), event("a-1", 1, "{}"))))
                .isInstanceOf(AppendConflictException.class)
                .hasMessageContaining("(Account, a-1, 1)");
        assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isEqualTo(1L);
    }

    @Test
    void rejectsMalformedJsonNamingTheProblem() {
        assertThatThrownBy(() -> appender.append(List.of(event("a-1", 1, "{not json"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("json");
        assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isZero();
    }
}
