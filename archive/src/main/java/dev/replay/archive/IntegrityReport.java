package dev.replay.archive;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link ArchiveIntegrityCheck} found over the hot store and the archive, both as of one
 * database snapshot. Immutable.
 *
 * @param segments catalogued segments checked
 * @param catalogRows events the catalog says the archive holds
 * @param hotEvents events in the hot store
 * @param archivedEvents events read from the segments that could be read to their end
 * @param aggregates distinct aggregates over both tiers
 * @param days events per UTC day of {@code occurred_at}, per tier, sorted by day
 * @param problems the first problems found, at most the check's limit, in the order of {@link IntegrityProblem.Kind}
 * @param problemCount all problems found, also those beyond the limit
 * @param duration how long the check took
 */
public record IntegrityReport(int segments, long catalogRows, long hotEvents, long archivedEvents, long aggregates,
                              SortedMap<LocalDate, DayCount> days, List<IntegrityProblem> problems,
                              long problemCount, Duration duration) {

    /**
     * Events of one UTC day: in the hot store, read from the archive, and what the catalog says its
     * segments of that day hold (more than {@code archived} when a segment is missing or unreadable).
     */
    public record DayCount(long hot, long archived, long catalogued) {

        public long total() {
            return hot + archived;
        }
    }

    public IntegrityReport {
        days = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(days, "days")));
        problems = List.copyOf(problems);
        Objects.requireNonNull(duration, "duration");
        if (problemCount < problems.size()) {
            throw new IllegalArgumentException("problemCount must be at least the problems listed (" + problems.size()
                    + "), was " + problemCount);
        }
    }

    /** Whether nothing is wrong. */
    public boolean clean() {
        return problemCount == 0;
    }

    /** Events over both tiers. */
    public long events() {
        return hotEvents + archivedEvents;
    }
}
