package dev.replay.writers;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * When a {@link ProjectionItemWriter} flushes a projection's {@link BuildFold}, and where the step
 * keeps its restart position.
 *
 * @param positionKey the ExecutionContext key of the reader's restart position (an event key's
 *                    text, e.g. {@code events.start.after}); the writer holds it at the last flush
 * @param inputExhausted whether the reader has no event left; asked after each chunk, so that the
 *                       last chunk is flushed even when it is full
 * @param flushEvents events read at most between two flushes: what a crash makes the restart read again
 * @param maxHeld the bound of {@link BuildFold#held} that makes the fold flush early, the bound of its memory
 */
public record BuildFoldPolicy(String positionKey, BooleanSupplier inputExhausted, long flushEvents, int maxHeld) {

    public BuildFoldPolicy {
        Objects.requireNonNull(positionKey, "positionKey");
        Objects.requireNonNull(inputExhausted, "inputExhausted");
        if (flushEvents < 1) {
            throw new IllegalArgumentException("flushEvents must be positive, was " + flushEvents);
        }
        if (maxHeld < 1) {
            throw new IllegalArgumentException("maxHeld must be positive, was " + maxHeld);
        }
    }
}
