package dev.replay.config.serve;

import dev.replay.config.ProjectionListing.Entry;
import dev.replay.config.ProjectionListing.Run;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * Per projection, from the cached status ({@link ProjectionStatusCache}, so a scrape reads the
 * database at most once per {@link ProjectionStatusCache#MAX_AGE}):
 * {@code replay.projection.lag.events}, {@code replay.projection.dead.letters} and
 * {@code replay.projection.last.success.timestamp.seconds} (tag {@code mode}: {@code full} or
 * {@code catch-up}), named {@code replay_projection_lag_events} and so on in Prometheus. NaN when
 * there is nothing to report: no live build (lag), no completed run of that mode (last success).
 */
final class ProjectionGauges {

    private ProjectionGauges() {
    }

    static void bind(MeterRegistry registry, ProjectionStatusCache statuses, Collection<String> projections) {
        for (String projection : projections) {
            gauge(registry, "replay.projection.lag.events", projection, null, statuses,
                    e -> e.lagEvents() == null ? Double.NaN : e.lagEvents(),
                    "Events committed after the live build's high-water mark that the projection handles");
            gauge(registry, "replay.projection.dead.letters", projection, null, statuses, Entry::deadLetters,
                    "Events the projection dead-lettered");
            gauge(registry, "replay.projection.last.success.timestamp.seconds", projection, "full", statuses,
                    e -> epochSeconds(e.lastFull()), "End of the projection's last completed run of this mode");
            gauge(registry, "replay.projection.last.success.timestamp.seconds", projection, "catch-up", statuses,
                    e -> epochSeconds(e.lastCatchUp()), "End of the projection's last completed run of this mode");
        }
    }

    private static double epochSeconds(Run run) {
        return run == null || run.endedAt() == null ? Double.NaN : run.endedAt().toEpochMilli() / 1000.0;
    }

    private static void gauge(MeterRegistry registry, String name, String projection, String mode,
                              ProjectionStatusCache statuses, ToDoubleFunction<Entry> value, String description) {
        Gauge.Builder<ProjectionStatusCache> gauge = Gauge.builder(name, statuses,
                        s -> s.current(projection).map(value::applyAsDouble).orElse(Double.NaN))
                .tag("projection", projection).description(description);
        if (mode != null) {
            gauge.tag("mode", mode);
        }
        gauge.register(registry);
    }
}
