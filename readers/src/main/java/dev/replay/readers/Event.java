package dev.replay.readers;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One immutable event of the hot store or the archive, as a replay sees it.
 *
 * <p>{@code payload} is the JSON text of {@code event_data}; it is parsed only by the projection
 * that handles the event type, so events a projection skips cost no JSON parsing.
 * {@code occurredAt} carries microsecond precision, the precision of PostgreSQL's timestamptz.
 */
public record Event(
        UUID eventId,
        String aggregateType,
        String aggregateId,
        long version,
        String eventType,
        String payload,
        Instant occurredAt,
        int schemaVersion) {

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version + " for event " + eventId);
        }
    }

    /** An event of schema version 1, the version every producer writes unless told otherwise. */
    public Event(UUID eventId, String aggregateType, String aggregateId, long version,
                 String eventType, String payload, Instant occurredAt) {
        this(eventId, aggregateType, aggregateId, version, eventType, payload, occurredAt, 1);
    }

    /** This event's position in the replay order. */
    public EventKey key() {
        return new EventKey(occurredAt, version, eventId);
    }
}
