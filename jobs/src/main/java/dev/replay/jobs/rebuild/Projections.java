package dev.replay.jobs.rebuild;

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

    public Set<String> names() {
        return byName.keySet();
    }
}
