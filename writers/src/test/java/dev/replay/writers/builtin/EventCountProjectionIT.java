package dev.replay.writers.builtin;

import static dev.replay.writers.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

class EventCountProjectionIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final EventCountProjection projection = new EventCountProjection();
    private final ReadModelTarget target = ReadModelTarget.direct(jdbc, projection);

    EventCountProjectionIT() {
        projection.createTables(target);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void countsPerUtcDayAndTypeEqualAGroupByOverTheEventsTable() {
        // given: a stream whose days start at 22:00 UTC, so a local-time day would differ
        List<Event> events = new ArrayList<>();
        new AccountEventGenerator(new SeedSpec(12_000, 300, 4, 7, Instant.parse("2026-02-01T22:00:00Z")))
                .forEachRemaining(events::add);
        new JdbcEventAppender(database.dataSource()).append(events);
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target).build();

        // when
        for (int from = 0; from < events.size(); from += 700) {
            writer.write(new Chunk<>(events.subList(from, Math.min(events.size(), from + 700))));
        }

        // then
        List<Map<String, Object>> expected = jdbc.queryForList("select (occurred_at at time zone 'UTC')::date as day,"
                + " event_type, count(*) as events from events group by 1, 2 order by 1, 2");
        assertThat(expected).hasSizeGreaterThan(4 * 3);
        assertThat(jdbc.queryForList("select day, event_type, events from event_count order by 1, 2"))
                .isEqualTo(expected);
    }

    @Test
    void countsEveryTypeWithoutReadingPayloads() {
        // given
        Event malformed = event("a-1", 1, "Anything", "{not json");

        // when
        new ProjectionItemWriterBuilder().projection(projection).target(target).build()
                .write(Chunk.of(malformed, event("a-1", 2, "Anything", "{}")));

        // then
        assertThat(jdbc.queryForObject("select events from event_count where event_type = 'Anything'", Long.class))
                .isEqualTo(2L);
    }
}
