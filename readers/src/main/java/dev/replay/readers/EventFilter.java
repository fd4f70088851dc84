package dev.replay.readers;

import java.time.Instant;
import java.util.Set;

/**
 * Which events a replay reads: occurred_at in {@code [from, to)} and, when the sets are not
 * empty, only the given aggregate types, event types and aggregate ids, and, in a partitioned
 * replay, only the aggregates of one {@link AggregatePartition}. A null bound is open; an empty set
 * does not filter. Readers push the filter into their query where the source allows and apply
 * {@link #matches} to the rest.
 *
 * <p>Immutable and thread-safe.
 */
public record EventFilter(Instant from, Instant to, Set<String> aggregateTypes, Set<String> eventTypes,
                          Set<String> aggregateIds, AggregatePartition partition) {

    /** Every event. */
    public static final EventFilter ALL = new EventFilter(null, null, Set.of(), Set.of(), Set.of());

    public EventFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was from " + from + " to " + to);
        }
        aggregateTypes = aggregateTypes == null ? Set.of() : Set.copyOf(aggregateTypes);
        eventTypes = eventTypes == null ? Set.of() : Set.copyOf(eventTypes);
        aggregateIds = aggregateIds == null ? Set.of() : Set.copyOf(aggregateIds);
        partition = partition == null ? AggregatePartition.NONE : partition;
    }

    /** A filter of every aggregate, not partitioned. */
    public EventFilter(Instant from, Instant to, Set<String> aggregateTypes, Set<String> eventTypes,
                       Set<String> aggregateIds) {
        this(from, to, aggregateTypes, eventTypes, aggregateIds, AggregatePartition.NONE);
    }

    /** A filter without aggregate ids. */
    public EventFilter(Instant from, Instant to, Set<String> aggregateTypes, Set<String> eventTypes) {
        this(from, to, aggregateTypes, eventTypes, Set.of());
    }

    /** This filter narrowed to one partition of the aggregates. */
    public EventFilter withPartition(AggregatePartition partition) {
        return new EventFilter(from, to, aggregateTypes, eventTypes, aggregateIds, partition);
    }

    /** This filter over every aggregate. */
    public EventFilter withoutPartition() {
        return partition.isAll() ? this : withPartition(AggregatePartition.NONE);
    }

    /** Whether the event passes every part of this filter. */
    public boolean matches(Event event) {
        return (from == null || !event.occurredAt().isBefore(from))
                && (to == null || event.occurredAt().isBefore(to))
                && (aggregateTypes.isEmpty() || aggregateTypes.contains(event.aggregateType()))
                && (eventTypes.isEmpty() || eventTypes.contains(event.eventType()))
                && (aggregateIds.isEmpty() || aggregateIds.contains(event.aggregateId()))
                && partition.contains(event.aggregateType(), event.aggregateId());
    }

    /** Whether every event passes: nothing to filter. */
    public boolean isAll() {
        return from == null && to == null && aggregateTypes.isEmpty() && eventTypes.isEmpty() && aggregateIds.isEmpty()
                && partition.isAll();
    }

    /**
     * Whether a reader meets every event of each aggregate from its first version, so the first
     * version it sees of an aggregate must be 1. A lower time bound starts in mid-history.
     */
    public boolean startsAtFirstVersion() {
        return from == null;
    }

    /** Whether a reader meets every version of each aggregate it meets at all; partitions keep whole aggregates. */
    public boolean keepsEveryVersion() {
        return eventTypes.isEmpty();
    }
}
