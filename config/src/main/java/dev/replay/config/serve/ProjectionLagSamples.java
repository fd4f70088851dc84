package dev.replay.config.serve;

import dev.replay.config.ProjectionListing.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag of every projection over time, in memory: {@link #sample} records each projection's lag
 * (projections without a live build are left out) and keeps the last {@value #KEPT} samples per
 * projection; {@link #start} samples on a daemon thread of its own until {@link #close}. Lost with
 * the process; every serve process samples on its own. Thread-safe.
 */
class ProjectionLagSamples implements AutoCloseable {

    static final int KEPT = 240;

    private static final Logger log = LoggerFactory.getLogger(ProjectionLagSamples.class);

    /** The lag of one projection at one moment. */
    record Sample(Instant at, long lagEvents) {
    }

    private final Map<String, Deque<Sample>> samples = new HashMap<>();
    private final int kept;
    private ScheduledExecutorService scheduler;

    ProjectionLagSamples() {
        this(KEPT);
    }

    ProjectionLagSamples(int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("kept must be positive, was " + kept);
        }
        this.kept = kept;
    }

    /** Records the lag of each entry that has one, at {@code at}. */
    synchronized void sample(List<Entry> entries, Instant at) {
        for (Entry entry : entries) {
            if (entry.lagEvents() != null) {
                Deque<Sample> series = samples.computeIfAbsent(entry.name(), name -> new ArrayDeque<>());
                series.addLast(new Sample(at, entry.lagEvents()));
                while (series.size() > kept) {
                    series.removeFirst();
                }
            }
        }
    }

    /** Samples the entries {@code statuses} gives now; for a scheduler, so it logs and goes on after a failure. */
    Runnable sampler(Supplier<List<Entry>> statuses) {
        return () -> {
            try {
                sample(statuses.get(), Instant.now());
            } catch (RuntimeException e) { // a scheduled task that throws is never run again: the next sample may work
                log.warn("Projection lag. Sample failed, next in one interval: {}", e.getMessage());
            }
        };
    }

    /** Samples what {@code statuses} gives now and then every {@code interval}, until {@link #close}. */
    synchronized void start(Supplier<List<Entry>> statuses, Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("Projection lag sampling already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "replay-projection-lag");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(sampler(statuses), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The projection's samples, oldest first. */
    synchronized List<Sample> of(String projection) {
        return List.copyOf(samples.getOrDefault(projection, new ArrayDeque<>()));
    }
}
