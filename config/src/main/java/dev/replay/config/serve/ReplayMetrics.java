package dev.replay.config.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * The platform's own metrics, beside Spring Batch's job, step and chunk metrics:
 * {@code replay.events.replayed} (counter, tag {@code job}: rebuild or export),
 * {@code replay.events.archived} (counter), {@code replay.archive.bytes},
 * {@code replay.archive.segments}, {@code replay.hotstore.rows} and {@code replay.hotstore.bytes}
 * (gauges). They come from the database ({@link StoreStatistics}), so every instance of a cluster
 * reports the same totals: aggregate them with max, not sum. The counters stay monotonic when
 * {@code purge} deletes old executions ({@link MonotonicTotal}). Per projection, the gauges of
 * {@link ProjectionGauges} (lag, dead letters, last success).
 */
class ReplayMetrics implements MeterBinder {

    private final StoreStatistics statistics;
    private final ProjectionStatusCache projections;
    private final Collection<String> projectionNames;

    ReplayMetrics(StoreStatistics statistics, ProjectionStatusCache projections, Collection<String> projectionNames) {
        this.statistics = statistics;
        this.projections = projections;
        this.projectionNames = projectionNames;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "replay.events.replayed", "rebuild", s -> s.current().eventsRebuilt(),
                "Events read by rebuilds' replay steps, committed chunks of every execution");
        counter(registry, "replay.events.replayed", "export", s -> s.current().eventsExported(),
                "Events read by exports, committed chunks of every execution");
        FunctionCounter.builder("replay.events.archived", statistics,
                        new MonotonicTotal<StoreStatistics>(s -> s.current().eventsArchived()))
                .description("Events moved from the hot store into verified archive segments").register(registry);
        gauge(registry, "replay.archive.bytes", s -> s.current().archiveBytes(), "Bytes of the catalogued archive segments");
        gauge(registry, "replay.archive.segments", s -> s.current().archiveSegments(), "Catalogued archive segments");
        gauge(registry, "replay.hotstore.rows", s -> s.current().hotStoreRows(), "Events in the hot store");
        gauge(registry, "replay.hotstore.bytes", s -> s.current().hotStoreBytes(), "Bytes of the hot store's table and indexes");
        ProjectionGauges.bind(registry, projections, projectionNames);
    }

    private void counter(MeterRegistry registry, String name, String job, ToDoubleFunction<StoreStatistics> value,
                         String description) {
        FunctionCounter.builder(name, statistics, new MonotonicTotal<>(value)).tag("job", job).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<StoreStatistics> value, String description) {
        Gauge.builder(name, statistics, value).description(description).register(registry);
    }
}
