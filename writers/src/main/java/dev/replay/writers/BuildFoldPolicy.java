package dev.replay.writers;

import dev.replay.readers.CheckpointHandoff;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * When a {@link ProjectionItemWriter} flushes a projection's {@link BuildFold}, and how it holds back
 * the step's restart position.
 *
 * @param checkpoint the step's reader's hand-off ({@code checkpoint()} of the reader): the writer holds
 *                   it and advances it to the last event of each flush, so that the reader saves no
 *                   position past what is only in memory (see {@link CheckpointHandoff})
 * @param inputExhausted whether the reader has no event left; asked after each chunk, so that the
 *                       last chunk is flushed even when it is full
 * @param flushEvents events read at most between two flushes: what a crash makes the restart read again
 * @param maxHeld the bound of {@link BuildFold#held} that makes the fold flush early, the bound of its memory
 */
public record BuildFoldPolicy(CheckpointHandoff checkpoint, BooleanSupplier inputExhausted, long flushEvents,
                              int maxHeld) {

    public BuildFoldPolicy {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(inputExhausted, "inputExhausted");
        if (flushEvents < 1) {
            throw new IllegalArgumentException("flushEvents must be positive, was " + flushEvents);
        }
        if (maxHeld < 1) {
            throw new IllegalArgumentException("maxHeld must be positive, was " + maxHeld);
        }
    }
}
