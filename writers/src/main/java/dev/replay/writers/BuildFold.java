package dev.replay.writers;

import java.util.List;

/**
 * A projection's in-memory fold of a build that spans chunks, offered by
 * {@link Projection#buildFold}: chunks are folded into memory and written out only from time to
 * time ({@link #flush}), so that an aggregate met in many chunks is written once per flush instead
 * of once per chunk.
 *
 * <p>The {@link ProjectionItemWriter} decides when to flush (every so many events, when
 * {@link #held} reaches its bound, and with the last chunk of the replay) and keeps the step's
 * restart position at the last flush, so what a crash loses is only what was never written, and
 * the restart reads it again. A flush runs in the chunk's transaction, like {@link Projection#apply}.
 *
 * <p>Not thread-safe: one instance per step execution (one partition, one thread).
 */
public interface BuildFold {

    /**
     * Folds a chunk's handled, validated events, in replay order, into memory.
     *
     * @throws InvalidEventException for an event that cannot be folded (e.g. its effect is out of range);
     *         the events before it are folded, it and those after it are not, so the caller may skip it
     *         and go on with the rest
     */
    void add(List<ProjectedEvent> events);

    /** What the fold holds now, in the unit its memory grows with (e.g. aggregates). */
    int held();

    /** Writes everything folded since the last flush through the target, in the caller's transaction, then forgets it. */
    void flush(ReadModelTarget target);
}
