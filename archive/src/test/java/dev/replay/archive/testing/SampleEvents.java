package dev.replay.archive.testing;

import dev.replay.readers.Event;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic sample events in replay order (EventKey), for segment tests. */
public final class SampleEvents {

    public static final Instant DAY_ONE = Instant.parse("2026-11-01T00:00:00Z");

    private SampleEvents() {
    }

    /** {@code count} events over {@code days} UTC days from {@link #DAY_ONE}, sorted by key. */
    public static List<Event> sorted(int count, int days, long seed) {
        List<Event> events = new ArrayList<>(count);
        new AccountEventGenerator(new SeedSpec(count, Math.max(1, count / 20), days, seed, DAY_ONE))
                .forEachRemaining(events::add);
        events.sort((a, b) -> a.key().compareTo(b.key()));
        return events;
    }

    /** {@code count} events of one UTC day, {@link #DAY_ONE}, sorted by key. */
    public static List<Event> oneDay(int count, long seed) {
        return sorted(count, 1, seed);
    }
}
