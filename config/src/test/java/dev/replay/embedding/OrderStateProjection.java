package dev.replay.embedding;

import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A user's projection: the last order event's type and version per order, in {@code order_state}. */
final class OrderStateProjection implements Projection {

    @Override
    public String name() {
        return "order-state";
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("OrderPlaced", "OrderShipped");
    }

    @Override
    public List<String> tables() {
        return List.of("order_state");
    }

    @Override
    public void createTables(ReadModelTarget target) {
        target.jdbc().execute("create table " + target.table("order_state")
                + " (order_id text primary key, state text not null, version bigint not null)");
    }

    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        Map<String, ProjectedEvent> last = new LinkedHashMap<>();
        events.forEach(event -> last.put(event.aggregateId(), event)); // replay order: the last one wins
        target.jdbc().batchUpdate("insert into " + target.table("order_state") + " as s values (?, ?, ?)"
                        + " on conflict (order_id) do update set state = excluded.state, version = excluded.version",
                last.values().stream().map(e -> new Object[] {e.aggregateId(), e.eventType(), e.version()}).toList());
    }
}
