package dev.replay.readers;

import java.time.Instant;
import java.util.Set;

/**
 * Which events a replay reads: occurred_at in {@code [from, to)} and, when the sets are not
 * empty, only the given aggregate types and event types. A null bound is open; an empty set
 * does not filter. Readers push the filter into their query rather than filter in memory.
 *
 * <p>Immutable and thread-safe.
 */
public record EventFilter(Instant from, Instant to, Set<String> aggregateTypes, Set<String> eventTypes) {

    /** Every event. */
    public static final EventFilter ALL = new EventFilter(null, null, Set.of(), Set.of());

    public EventFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was from " + from + " to " + to);
        }
        aggregateTypes = aggregateTypes == null ? Set.of() : Set.copyOf(aggregateTypes);
        eventTypes = eventTypes == null ? Set.of() : Set.copyOf(eventTypes);
    }

    /**
     * Whether a reader meets every event of each aggregate from its first version, so the first
     * version it sees of an aggregate must be 1. A lower time bound starts in mid-history.
     */
    public boolean startsAtFirstVersion() {
        return from == null;
    }

    /** Whether a reader meets every version of each aggregate it meets at all. */
    public boolean keepsEveryVersion() {
        return eventTypes.isEmpty();
    }
}
