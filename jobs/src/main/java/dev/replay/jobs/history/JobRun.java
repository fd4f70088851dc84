package dev.replay.jobs.history;

import java.time.Duration;
import java.time.Instant;

/** One job execution as the Spring Batch metadata records it, with its steps' counts summed. */
public record JobRun(
        long executionId,
        String jobName,
        String status,
        String exitCode,
        Instant startTime,
        Instant endTime,
        long readCount,
        long writeCount,
        long skipCount,
        String exitMessage) {

    /** Time from start to end, or to now for a run still going; zero when it never started. */
    public Duration duration() {
        if (startTime == null) {
            return Duration.ZERO;
        }
        return Duration.between(startTime, endTime != null ? endTime : Instant.now());
    }
}
