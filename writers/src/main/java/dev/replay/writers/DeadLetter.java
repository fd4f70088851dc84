package dev.replay.writers;

import java.time.Instant;
import java.util.UUID;

/**
 * An event a projection could not apply, as {@code replay_dead_letter} records it (its payload left out).
 *
 * @param error    the reason, naming the event
 * @param failedAt when it was dead-lettered
 */
public record DeadLetter(UUID eventId, String projection, String eventType, String aggregateType, String aggregateId,
                         long version, String error, Instant failedAt) {
}
