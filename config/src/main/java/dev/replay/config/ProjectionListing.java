package dev.replay.config;

import dev.replay.jobs.rebuild.ProjectionSource;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import java.util.List;

/**
 * What the {@code projections} command and {@code GET /api/projections} show: every projection the
 * application knows, by name, with its source, the event types it handles, whether it is
 * per-aggregate, and its live build. Reads the live builds at each call; thread-safe.
 */
public final class ProjectionListing {

    private final Projections projections;
    private final ReadModelBuilds builds;

    public ProjectionListing(Projections projections, ReadModelBuilds builds) {
        this.projections = projections;
        this.builds = builds;
    }

    /**
     * One projection. A record, so that further fields (lag, status) can be added without
     * changing the existing ones.
     *
     * @param eventTypes the handled event types, sorted; empty when it handles every type
     * @param liveBuild the number of the live build, {@code null} when none is live
     */
    public record Entry(String name, String source, List<String> eventTypes, boolean perAggregate, Long liveBuild) {
    }

    public List<Entry> list() {
        return projections.sources().stream().map(this::entry).toList();
    }

    private Entry entry(ProjectionSource source) {
        Projection projection = source.projection();
        Long live = builds.live(projection).map(ReadModelTarget::build).orElse(null);
        return new Entry(projection.name(), source.source(), projection.eventTypes().stream().sorted().toList(),
                projection.perAggregate(), live);
    }
}
