package dev.replay.config;

import dev.replay.jobs.history.ProjectionRun;
import dev.replay.jobs.history.ProjectionRuns;
import dev.replay.jobs.rebuild.ProjectionSource;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.writers.DeadLetters;
import dev.replay.writers.Projection;
import dev.replay.writers.ProjectionBuildHistory;
import dev.replay.writers.ProjectionBuildHistory.LiveBuild;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the {@code projections} command, {@code GET /api/projections}, the projection gauges and the
 * projections health show: every projection the application knows, by name, with its source, the
 * event types it handles, whether it is per-aggregate, its live build and since when, its saved
 * high-water mark, its lag (events committed after that mark that it handles, counted through the
 * hot store's commit-order index), its dead letters, its last completed full rebuild and catch-up,
 * and the kept copies a rollback could swap back in.
 *
 * <p>Each {@link #list} reads afresh: four queries over all projections and one lag count per
 * projection with a live build. Thread-safe.
 */
public final class ProjectionListing {

    private final Projections projections;
    private final HotStore hotStore;
    private final ProjectionBuildHistory builds;
    private final ProjectionRuns runs;
    private final DeadLetters deadLetters;

    /** Reads the builds, runs and dead letters on the hot store's DataSource, the primary. */
    public ProjectionListing(Projections projections, HotStore hotStore) {
        this.projections = projections;
        this.hotStore = hotStore;
        this.builds = new ProjectionBuildHistory(hotStore.dataSource());
        this.runs = new ProjectionRuns(hotStore.dataSource());
        this.deadLetters = new DeadLetters(hotStore.dataSource());
    }

    /**
     * One projection. A record, so that further fields can be appended without changing the existing ones.
     *
     * @param eventTypes      the handled event types, sorted; empty when it handles every type
     * @param liveBuild       the number of the live build, {@code null} when none is live
     * @param liveSince       when the live build was swapped in
     * @param highWaterMark   the live build's saved mark, as stored
     * @param lagEvents       handled events committed after the live mark; null when no build is live
     * @param lastCompletedAt the end of the latest completed full rebuild or catch-up
     * @param keptCopies      builds a rollback could swap back in, newest first
     */
    public record Entry(String name, String source, List<String> eventTypes, boolean perAggregate, Long liveBuild,
                        Instant liveSince, String highWaterMark, Long lagEvents, long deadLetters,
                        Instant lastCompletedAt, Run lastFull, Run lastCatchUp, List<Long> keptCopies) {
    }

    /** A rebuild execution as the status shows it; durations and rates to now while it runs, null when unknown. */
    public record Run(long executionId, long build, Instant startedAt, Instant endedAt, Double durationSeconds,
                      long events, Double eventsPerSecond) {

        static Run of(ProjectionRun run, Instant now) {
            return run == null ? null : new Run(run.executionId(), run.build(), run.startedAt(), run.endedAt(),
                    run.durationSeconds(now), run.events(), run.eventsPerSecond(now));
        }
    }

    public List<Entry> list() {
        Instant now = Instant.now();
        Map<String, LiveBuild> live = builds.liveBuilds();
        Map<String, List<Long>> kept = builds.keptCopies();
        Map<String, Map<String, ProjectionRun>> last = runs.lastCompleted();
        Map<String, Long> letters = deadLetters.countByProjection();
        return projections.sources().stream().map(source -> {
            String name = source.projection().name();
            return entry(source, live.get(name), last.getOrDefault(name, Map.of()), letters.getOrDefault(name, 0L),
                    kept.getOrDefault(name, List.of()), now);
        }).toList();
    }

    /** The projection's entry, or empty when the application knows no projection of that name. */
    public Optional<Entry> find(String name) {
        return projections.names().contains(name) ? list().stream().filter(e -> e.name().equals(name)).findFirst()
                : Optional.empty();
    }

    /** The names of the projections, sorted. */
    public List<String> names() {
        return List.copyOf(projections.names());
    }

    public ProjectionRuns runs() {
        return runs;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    private Entry entry(ProjectionSource source, LiveBuild live, Map<String, ProjectionRun> last, long letters,
                        List<Long> kept, Instant now) {
        Projection projection = source.projection();
        ProjectionRun full = last.get(ProjectionRuns.FULL);
        ProjectionRun catchUp = last.get(ProjectionRuns.CATCH_UP);
        Instant completedAt = Stream.of(full, catchUp).filter(run -> run != null && run.endedAt() != null)
                .map(ProjectionRun::endedAt).max(Instant::compareTo).orElse(null);
        return new Entry(projection.name(), source.source(), projection.eventTypes().stream().sorted().toList(),
                projection.perAggregate(), live == null ? null : live.build(), live == null ? null : live.swappedAt(),
                live == null ? null : live.highWaterMark(), lag(projection, live), letters, completedAt,
                Run.of(full, now), Run.of(catchUp, now), kept);
    }

    /** Null when no build is live or its mark is missing or unreadable: nothing to measure from. */
    private Long lag(Projection projection, LiveBuild live) {
        if (live == null || live.highWaterMark() == null) {
            return null;
        }
        HighWaterMark mark;
        try {
            mark = HighWaterMark.parse(live.highWaterMark());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return hotStore.countCommittedAfter(mark, new EventFilter(null, null, Set.of(), projection.eventTypes()));
    }
}
