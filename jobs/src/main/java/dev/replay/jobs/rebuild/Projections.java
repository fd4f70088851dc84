package dev.replay.jobs.rebuild;

import dev.replay.readers.AggregatePartition;
import dev.replay.writers.Projection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The projections the application knows, by name, with where each comes from
 * ({@link ProjectionSource}): the built-ins, every {@link Projection} bean, and what the
 * {@link ProjectionSources} add (plugin jars, SQL projections). Immutable and thread-safe.
 */
public class Projections {

    private final Map<String, ProjectionSource> byName = new TreeMap<>();

    /** The projection beans, each with the source {@link ProjectionSource#of} gives it. */
    public Projections(Collection<? extends Projection> projections) {
        this(projections.stream().map(ProjectionSource::of).toList());
    }

    /**
     * @throws ProjectionNameClashException naming the name and both sources when two projections share a name
     */
    public static Projections of(Collection<ProjectionSource> projections) {
        return new Projections(List.copyOf(projections));
    }

    private Projections(List<ProjectionSource> projections) {
        for (ProjectionSource projection : projections) {
            String name = projection.projection().name();
            ProjectionSource previous = byName.put(name, projection);
            if (previous != null) {
                throw new ProjectionNameClashException("Two projections are named " + name + ": one from "
                        + describe(previous) + ", one from " + describe(projection));
            }
        }
    }

    private static String describe(ProjectionSource projection) {
        return projection.source() + " (" + projection.projection().getClass().getName() + ")";
    }

    /** Every projection with its source, by name. */
    public Collection<ProjectionSource> sources() {
        return byName.values();
    }

    /**
     * @throws IllegalArgumentException naming the projection and the known ones when there is no such projection
     */
    public Projection get(String name) {
        ProjectionSource projection = byName.get(name);
        if (projection == null) {
            throw new IllegalArgumentException("Unknown projection '" + name + "', known: " + names());
        }
        return projection.projection();
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
