package dev.replay.writers.builtin;

import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelTarget;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in {@code event-counts} projection: how many events of each type occurred on each UTC
 * day, in {@code event_count(day date, event_type text, events bigint, primary key (day, event_type))}.
 *
 * <p>Handles every event type (its {@link #eventTypes()} is empty) and never reads payloads, so
 * {@link #validate} does nothing and a malformed payload is counted like any other event. Per chunk
 * the counts are folded in memory and written with one batched upsert per (day, type).
 *
 * <p>Counting is not idempotent by itself: a chunk is counted once because its writes commit with
 * the step's checkpoint (see {@link dev.replay.writers.ProjectionItemWriter}). The counts span all
 * aggregates, so {@link #perAggregate()} is false. Stateless and thread-safe.
 */
public class EventCountProjection implements Projection {

    public static final String NAME = "event-counts";
    public static final String TABLE = "event_count";

    private record DayType(LocalDate day, String eventType) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of();
    }

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public boolean perAggregate() {
        return false;
    }

    @Override
    public void createTables(ReadModelTarget target) {
        target.jdbc().execute("create table " + target.table(TABLE) + " (day date not null, event_type text not null,"
                + " events bigint not null, primary key (day, event_type))");
    }

    @Override
    public void validate(ProjectedEvent event) {
        // counts need no payload
    }

    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        Map<DayType, long[]> counts = new LinkedHashMap<>();
        for (ProjectedEvent event : events) {
            LocalDate day = LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC);
            counts.computeIfAbsent(new DayType(day, event.eventType()), key -> new long[1])[0]++;
        }
        String sql = "insert into " + target.table(TABLE) + " as t (day, event_type, events) values (?, ?, ?)"
                + " on conflict (day, event_type) do update set events = t.events + excluded.events";
        target.jdbc().batchUpdate(sql, List.copyOf(counts.entrySet()), counts.size(), (statement, entry) -> {
            statement.setObject(1, entry.getKey().day());
            statement.setString(2, entry.getKey().eventType());
            statement.setLong(3, entry.getValue()[0]);
        });
    }
}
