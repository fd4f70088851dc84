package dev.replay.writers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A projection for tests: handles Deposited (or what it is told), records what it was given. */
class RecordingProjection implements Projection {

    final List<List<ProjectedEvent>> applied = new ArrayList<>();
    private final List<String> tables;
    private final Set<String> types;

    RecordingProjection(List<String> tables) {
        this(tables, Set.of("Deposited"));
    }

    RecordingProjection(List<String> tables, Set<String> types) {
        this.tables = tables;
        this.types = types;
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Set<String> eventTypes() {
        return types;
    }

    @Override
    public List<String> tables() {
        return tables;
    }

    @Override
    public void createTables(ReadModelTarget target) {
        for (String table : tables) {
            target.jdbc().execute("create table " + target.table(table) + " (id text primary key, amount numeric)");
        }
    }

    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        applied.add(List.copyOf(events));
        if (!tables.isEmpty()) {
            target.jdbc().batchUpdate("insert into " + target.table(tables.get(0)) + " (id, amount) values (?, ?)",
                    events, events.size(), (statement, event) -> {
                        statement.setString(1, event.eventId().toString());
                        statement.setBigDecimal(2, event.json().get("amount").decimalValue());
                    });
        }
    }
}
