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
 * {@code metadata} is the JSON text of the hot store's optional {@code metadata} column (what a
 * producer attaches beside the payload: correlation ids, the user), or null; the platform carries
 * it unchanged through archival, replays and exports.
 *
 * <p>The 8-argument constructor (the canonical one before metadata) and the 7-argument one stay,
 * so that callers and plugins compiled against them link unchanged; both make an event without
 * metadata.
 *
 * <p><b>Published SPI: source- and binary-compatible from version 0.1; additions only, with defaults.</b>
 * The SPI is {@code dev.replay.writers.Projection}, {@code ProjectedEvent}, {@code ReadModelTarget},
 * {@code dev.replay.readers.Event} and {@code dev.replay.readers.upcast.Upcaster}, what a plugin jar is
 * compiled against; no other class of the platform is part of it.
 */
public record Event(
        UUID eventId,
        String aggregateType,
        String aggregateId,
        long version,
        String eventType,
        String payload,
        Instant occurredAt,
        int schemaVersion,
        String metadata) {

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

    /** An event without metadata. */
    public Event(UUID eventId, String aggregateType, String aggregateId, long version,
                 String eventType, String payload, Instant occurredAt, int schemaVersion) {
        this(eventId, aggregateType, aggregateId, version, eventType, payload, occurredAt, schemaVersion, null);
    }

    /** An event of schema version 1 (what every producer writes unless told otherwise), without metadata. */
    public Event(UUID eventId, String aggregateType, String aggregateId, long version,
                 String eventType, String payload, Instant occurredAt) {
        this(eventId, aggregateType, aggregateId, version, eventType, payload, occurredAt, 1, null);
    }

    /** This event's position in the replay order. */
    public EventKey key() {
        return new EventKey(occurredAt, version, eventId);
    }
}
