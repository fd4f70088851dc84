package dev.replay.readers.upcast;

import dev.replay.readers.Event;

/**
 * Turns the payload of one event type from one schema version into the next: an event of type
 * {@link #eventType()} at schema version {@link #fromVersion()} gets the payload that
 * {@link #upcast} returns and schema version {@code fromVersion() + 1}. Steps chain: upcasters
 * from v1 and from v2 of one type take a v1 event to v3 (see {@link Upcasters}).
 *
 * <p>Register one as a Spring bean (or list it, with a public no-argument constructor, in a plugin
 * jar's {@code META-INF/services/dev.replay.readers.upcast.Upcaster}) and every replay (rebuilds, exports) applies it before
 * projections and sinks see the event; the stored event is never changed. An upcaster changes
 * only the payload: the event's type, ids, version and timestamp stay as stored. Event types are
 * matched by name alone, across aggregate types.
 *
 * <p>Implementations must be stateless and thread-safe (partitioned replays call one upcaster
 * from several threads) and deterministic, so that a resumed replay sees the same payloads as an
 * uninterrupted one. An exception means the event cannot be upcast; the replay fails naming the
 * upcaster and the event ({@link UpcastingException}).
 *
 * <p><b>Published SPI: source- and binary-compatible from version 0.1; additions only, with defaults.</b>
 * The SPI is {@code dev.replay.writers.Projection}, {@code ProjectedEvent}, {@code ReadModelTarget},
 * {@code dev.replay.readers.Event} and {@code dev.replay.readers.upcast.Upcaster}, what a plugin jar is
 * compiled against; no other class of the platform is part of it.
 */
public interface Upcaster {

    /** The event type this upcaster reads, e.g. {@code Deposited}. */
    String eventType();

    /** The schema version it reads, at least 1; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /**
     * The payload of schema version {@code fromVersion() + 1}, as JSON text, for an event of
     * {@link #eventType()} at {@link #fromVersion()}. Never null.
     */
    String upcast(Event event);

    /** The name that errors and logs give this upcaster; by default its class's simple name. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }
}
