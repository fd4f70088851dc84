package dev.replay.readers;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many rows the readers of this JVM took from each tier, per {@link AggregatePartition}: the
 * rows the hot store's page queries returned ({@link Tier#HOT}) and the rows decoded from archive
 * segments before any filter applied in Java ({@link Tier#ARCHIVE}). {@code bench} starts one
 * around a run and reads it after, to measure the read amplification of partitioned rebuilds.
 *
 * <p>Off unless {@link #start started}: a reader asks for its counter once, when it opens, and
 * gets null when counting is off, so an unmeasured run costs one volatile read per reader.
 * Readers opened while counting add to the counter of their tier and partition; readers in other
 * JVMs (remote workers) are not counted. One counting at a time per JVM; thread-safe.
 */
public final class ReadCounters implements AutoCloseable {

    /** Where the rows were read. */
    public enum Tier { HOT, ARCHIVE }

    private static volatile ReadCounters active;

    private record Key(Tier tier, AggregatePartition partition) {
    }

    private final ConcurrentMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    private ReadCounters() {
    }

    /** Starts counting, replacing any counting in progress; close the result to stop. */
    public static ReadCounters start() {
        ReadCounters counters = new ReadCounters();
        active = counters;
        return counters;
    }

    /** The counter a reader of {@code partition} adds its rows of {@code tier} to, or null when counting is off. */
    public static LongAdder counter(Tier tier, AggregatePartition partition) {
        ReadCounters counters = active;
        return counters == null ? null
                : counters.counts.computeIfAbsent(new Key(tier, partition), key -> new LongAdder());
    }

    /** The rows of {@code tier} per partition counted so far, by partition index. */
    public Map<AggregatePartition, Long> rows(Tier tier) {
        Map<AggregatePartition, Long> rows = new LinkedHashMap<>();
        counts.entrySet().stream().filter(entry -> entry.getKey().tier() == tier)
                .sorted(Comparator.comparingInt((Map.Entry<Key, LongAdder> entry) -> entry.getKey().partition().count())
                        .thenComparingInt(entry -> entry.getKey().partition().index()))
                .forEach(entry -> rows.put(entry.getKey().partition(), entry.getValue().sum()));
        return rows;
    }

    /** The rows of {@code tier} counted so far, every partition together. */
    public long total(Tier tier) {
        return rows(tier).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Stops counting if this is the counting in progress; the counts stay readable. */
    @Override
    public void close() {
        if (active == this) {
            active = null;
        }
    }
}
