package dev.replay.jobs.history;

import java.time.Instant;

/** One step execution as the Spring Batch metadata records it. */
public record StepRun(long stepExecutionId, String stepName, String status, String exitCode, Instant startTime,
                      Instant endTime, long readCount, long writeCount, long skipCount, long commitCount,
                      long rollbackCount, String exitMessage) {
}
