package dev.replay.schedules;

import java.time.Instant;

/**
 * One firing of a schedule, as recorded in {@code schedule_firing}.
 *
 * @param scheduledAt    when the trigger was due
 * @param firedAt        when it actually fired (later after downtime, or when its previous run was still going)
 * @param instanceId     the Quartz instance (serve process) that fired it
 * @param outcome        what came of it
 * @param jobExecutionId the execution it launched, when it launched one
 * @param message        why it skipped or failed, or the launched execution's end status
 */
public record ScheduleFiring(String schedule, Instant scheduledAt, Instant firedAt, String instanceId, Outcome outcome,
                             Long jobExecutionId, String message) {

    /** What a firing did. */
    public enum Outcome {
        /** It launched (or resumed) an execution; the message gives its end status. */
        LAUNCHED,
        /** The job was already running elsewhere (another schedule, the API or the command line). */
        SKIPPED,
        /** The launch itself failed before any execution ran. */
        FAILED
    }
}
