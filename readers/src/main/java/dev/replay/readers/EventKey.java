package dev.replay.readers;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in the replay order: (occurred_at, version, event_id), compared in that order.
 *
 * <p>The event id compares as PostgreSQL compares {@code uuid} values, byte by byte unsigned,
 * not as {@link UUID#compareTo} does (signed halves); otherwise a replay from the hot store and
 * a replay from the archive would disagree on ties. The key's text form, used for restart state
 * in an {@code ExecutionContext}, is {@code <instant>|<version>|<uuid>}.
 */
public record EventKey(Instant occurredAt, long version, UUID eventId) implements Comparable<EventKey> {

    private static final Comparator<EventKey> REPLAY_ORDER = Comparator
            .comparing(EventKey::occurredAt)
            .thenComparingLong(EventKey::version)
            .thenComparing(EventKey::eventId, EventKey::compareUnsigned);

    public EventKey {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public int compareTo(EventKey other) {
        return REPLAY_ORDER.compare(this, other);
    }

    /** Compares two events' keys in replay order without building them (a merge compares per event). */
    public static int compare(Event a, Event b) {
        return compare(a.occurredAt(), a.version(), a.eventId(), b.occurredAt(), b.version(), b.eventId());
    }

    /** Compares this key with an event's key in replay order. */
    public int compareTo(Event event) {
        return compare(occurredAt, version, eventId, event.occurredAt(), event.version(), event.eventId());
    }

    private static int compare(Instant at1, long v1, UUID id1, Instant at2, long v2, UUID id2) {
        int c = at1.compareTo(at2);
        if (c != 0) {
            return c;
        }
        c = Long.compare(v1, v2);
        return c != 0 ? c : compareUnsigned(id1, id2);
    }

    /** Compares two UUIDs as PostgreSQL and Parquet's unsigned byte order do. */
    public static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** The text form, {@code <instant>|<version>|<uuid>}, that {@link #parse} reads back. */
    @Override
    public String toString() {
        return occurredAt + "|" + version + "|" + eventId;
    }

    /**
     * Reads a key from its text form.
     *
     * @throws IllegalArgumentException naming the text when it is not a key
     */
    public static EventKey parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\|");
        if (parts.length != 3) {
            throw new IllegalArgumentException("event key must be <instant>|<version>|<uuid>, was " + text);
        }
        try {
            return new EventKey(Instant.parse(parts[0]), Long.parseLong(parts[1]), UUID.fromString(parts[2]));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("event key must be <instant>|<version>|<uuid>, was " + text, e);
        }
    }
}
