package dev.replay.config.serve;

import dev.replay.config.ProjectionListing;
import dev.replay.config.ProjectionListing.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The projections' status ({@link ProjectionListing}) read at most every {@link #maxAge}, for the
 * gauges, the health and the lag samples: a scrape reads every projection's gauges, and without
 * the cache each gauge would run its own queries. Thread-safe.
 */
class ProjectionStatusCache {

    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final ProjectionListing listing;
    private final Duration maxAge;
    private List<Entry> entries;
    private Instant readAt;

    ProjectionStatusCache(ProjectionListing listing, Duration maxAge) {
        this.listing = listing;
        this.maxAge = maxAge;
    }

    /** Every projection's status, at most {@code maxAge} old. */
    synchronized List<Entry> current() {
        Instant now = Instant.now();
        if (entries == null || readAt.plus(maxAge).isBefore(now)) {
            entries = listing.list();
            readAt = now;
        }
        return entries;
    }

    Optional<Entry> current(String projection) {
        return current().stream().filter(e -> e.name().equals(projection)).findFirst();
    }
}
