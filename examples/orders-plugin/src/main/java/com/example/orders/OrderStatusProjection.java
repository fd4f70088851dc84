package com.example.orders;

import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelTarget;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code order-status}: one row per order in {@code order_status(order_id, status, total, version)},
 * the status of its last event ({@code PLACED}, {@code SHIPPED}, {@code CANCELLED}), the total it was
 * placed with and the version of its last event. Reads {@code OrderPlaced} at schema version 2
 * ({@link OrderPlacedV1Upcaster} brings version 1 there before this projection sees it).
 *
 * <p>Per aggregate (an order's row depends on its own events only), so {@code --partitions} works.
 * Each chunk is folded in memory and written with one batched upsert: one row per order it touched.
 */
public class OrderStatusProjection implements Projection {

    private static final Map<String, String> STATUS = Map.of(
            "OrderPlaced", "PLACED", "OrderShipped", "SHIPPED", "OrderCancelled", "CANCELLED");

    /** An order as far as one chunk tells: the total is null when the chunk has no OrderPlaced for it. */
    private record Row(String orderId, String status, BigDecimal total, long version) {
    }

    @Override
    public String name() {
        return "order-status";
    }

    @Override
    public Set<String> eventTypes() {
        return STATUS.keySet();
    }

    @Override
    public List<String> tables() {
        return List.of("order_status");
    }

    @Override
    public void createTables(ReadModelTarget target) {
        target.jdbc().execute("create table " + target.table("order_status") + " (order_id text primary key,"
                + " status text not null, total numeric(19,2), version bigint not null)");
    }

    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (ProjectedEvent event : events) { // replay order: an order's later event wins
            Row before = rows.get(event.aggregateId());
            BigDecimal total = event.eventType().equals("OrderPlaced") ? total(event)
                    : before == null ? null : before.total();
            rows.put(event.aggregateId(), new Row(event.aggregateId(), STATUS.get(event.eventType()), total, event.version()));
        }
        target.jdbc().batchUpdate("insert into " + target.table("order_status") + " as o (order_id, status, total, version)"
                        + " values (?, ?, ?, ?) on conflict (order_id) do update set status = excluded.status,"
                        + " total = coalesce(excluded.total, o.total), version = excluded.version",
                rows.values().stream().map(r -> new Object[] {r.orderId(), r.status(), r.total(), r.version()}).toList());
    }

    /** The placed order's total, {@code {"total": 12.34}} from schema version 2 on; null when it has none. */
    private static BigDecimal total(ProjectedEvent event) {
        return event.topLevelDecimal("total").orElse(null);
    }
}
