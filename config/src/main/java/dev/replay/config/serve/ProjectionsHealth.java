package dev.replay.config.serve;

import dev.replay.config.ProjectionListing.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the projections against the configured limits: a projection with a live build fails when
 * its lag is above {@code maxLagEvents} or its last success (the end of its latest completed full
 * rebuild or catch-up, else the time its build went live) is older than {@code maxAge}. A projection
 * never built is named in the details, never a failure, with or without a max-age: a projection
 * that nobody rebuilds (a built-in a deployment does not use) must not take the service out of
 * rotation; once it has a live build the limits apply. Null limits do not apply. Stateless.
 *
 * @param maxLagEvents null for no limit
 * @param maxAge       null for no limit
 */
record ProjectionsHealth(Long maxLagEvents, Duration maxAge) {

    /**
     * @param failures   per failing projection, what failed: its lag or age and the limit
     * @param neverBuilt projections without a live build
     */
    record Verdict(Map<String, Map<String, Object>> failures, List<String> neverBuilt) {

        boolean healthy() {
            return failures.isEmpty();
        }
    }

    Verdict judge(List<Entry> entries, Instant now) {
        Map<String, Map<String, Object>> failures = new LinkedHashMap<>();
        List<String> neverBuilt = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.liveBuild() == null) {
                neverBuilt.add(entry.name());
                continue;
            }
            Map<String, Object> failure = failure(entry, now);
            if (!failure.isEmpty()) {
                failures.put(entry.name(), failure);
            }
        }
        return new Verdict(failures, neverBuilt);
    }

    private Map<String, Object> failure(Entry entry, Instant now) {
        Map<String, Object> failure = new LinkedHashMap<>();
        if (maxLagEvents != null && entry.lagEvents() != null && entry.lagEvents() > maxLagEvents) {
            failure.put("lagEvents", entry.lagEvents());
            failure.put("maxLagEvents", maxLagEvents);
        }
        Instant lastSuccess = entry.lastCompletedAt() != null ? entry.lastCompletedAt() : entry.liveSince();
        if (maxAge != null && lastSuccess != null && Duration.between(lastSuccess, now).compareTo(maxAge) > 0) {
            failure.put("lastSuccess", lastSuccess.toString());
            failure.put("ageSeconds", Duration.between(lastSuccess, now).toSeconds());
            failure.put("maxAge", maxAge.toString());
        }
        return failure;
    }
}
