package dev.replay.jobs.history;

import java.time.Duration;
import java.time.Instant;

/**
 * One execution of a projection's rebuild, from {@code rebuild_run} and the Spring Batch metadata.
 *
 * @param mode   {@code full} or {@code catch-up}
 * @param build  the build it wrote
 * @param status the execution's batch status, e.g. {@code COMPLETED}
 * @param events the events its replay steps read in committed chunks ({@code replay} and every
 *               {@code replay-partition:N}); an execution that restarted an earlier one counts its own
 */
public record ProjectionRun(long executionId, String projection, String mode, long build, String status,
                            Instant startedAt, Instant endedAt, long events) {

    /** Seconds from start to end, or to {@code now} while it runs; null when it never started. */
    public Double durationSeconds(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, endedAt != null ? endedAt : now).toMillis() / 1000.0;
    }

    /** Events per second over {@link #durationSeconds}, null when that is unknown or zero. */
    public Double eventsPerSecond(Instant now) {
        Double seconds = durationSeconds(now);
        return seconds == null || seconds <= 0 ? null : events / seconds;
    }
}
