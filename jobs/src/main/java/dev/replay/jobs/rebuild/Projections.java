package dev.replay.jobs.rebuild;

import dev.replay.readers.AggregatePartition;
import dev.replay.writers.Projection;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The projections the application knows, by name: the built-ins and every user
 * {@link Projection} bean. Immutable and thread-safe.
 */
public class Projections {

    private final Map<String, Projection> byName = new TreeMap<>();

    public Projections(Collection<? extends Projection> projections) {
        for (Projection projection : projections) {
            Projection previous = byName.put(projection.name(), projection);
            if (previous != null) {
                throw new IllegalArgumentException("Two projections are named " + projection.name() + ": "
                        + previous.getClass().getName() + " and " + projection.getClass().getName());
            }
        }
    }

    /**
     * @throws IllegalArgumentException naming the projection and the known ones when there is no such projection
     */
    public Projection get(String name) {
        Projection projection = byName.get(name);
        if (projection == null) {
            throw new IllegalArgumentException("Unknown projection '" + name + "', known: " + names());
        }
        return projection;
    }

    /**
     * @throws IllegalArgumentException naming the projection when it is global (not per-aggregate),
     *         or naming the count when it is out of range
     */
    public void checkPartitionable(String name, int partitions) {
        Projection projection = get(name);
        if (!projection.perAggregate()) {
            throw new IllegalArgumentException("Projection [" + name + "] is global: its state spans aggregates"
                    + " (perAggregate() is false), so it replays as one stream in the total order and cannot be"
                    + " partitioned; rebuild it without --partitions");
        }
        if (partitions < 1 || partitions > AggregatePartition.MAX_COUNT) {
            throw new IllegalArgumentException("partitions must be between 1 and " + AggregatePartition.MAX_COUNT
                    + ", was " + partitions);
        }
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
