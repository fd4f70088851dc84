package com.example.orders;

import dev.replay.readers.Event;
import dev.replay.readers.upcast.Upcaster;
import dev.replay.writers.ProjectedEvent;
import java.math.BigDecimal;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code OrderPlaced} schema version 1 to 2: version 1 stored the total in cents,
 * {@code {"customer": "c-1", "total_cents": 1999}}; version 2 stores it as a decimal,
 * {@code {"customer": "c-1", "total": 19.99}}. Other fields are kept as they are.
 */
public class OrderPlacedV1Upcaster implements Upcaster {

    @Override
    public String eventType() {
        return "OrderPlaced";
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public String upcast(Event event) {
        // ProjectedEvent parses the payload with the platform's JSON settings (decimals stay exact)
        ObjectNode payload = (ObjectNode) new ProjectedEvent(event).json().deepCopy();
        long cents = payload.remove("total_cents").longValue();
        payload.put("total", BigDecimal.valueOf(cents, 2));
        return payload.toString();
    }
}
