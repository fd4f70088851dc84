package dev.replay.readers;

/**
 * The restart contract between a step's event reader and a writer that may hold the effect of
 * events in memory beyond their chunk: the one place that says what a chunk step's checkpoint
 * means when the two do not commit in step.
 *
 * <p><b>Positions.</b> The <i>read position</i> is the key of the last event the reader returned.
 * The <i>durable position</i> is the key of the last event whose effect is committed. A writer that
 * applies each chunk in the chunk's own transaction keeps them equal, and does not use this type.
 * A writer that folds chunks in memory and writes the fold only now and then (a
 * {@code ProjectionItemWriter} with a build fold) {@link #hold holds}: from its {@code open}, the
 * durable position is where the step execution started, until it {@link #advance advances} it
 * after each write of its fold, to the last event the write covered, in that chunk's transaction.
 *
 * <p><b>The checkpoint.</b> In {@code update}, the reader saves, under its own key
 * {@code <name>.start.after} (the name {@code JdbcPagingItemReader} uses, and the one job
 * repositories written by earlier versions hold), the minimum of the read position and the durable
 * position ({@link #position}): the durable position while a writer holds, else the read position.
 * Spring Batch calls {@code update} after the chunk's write and commits the ExecutionContext in the
 * chunk's transaction, so the saved position and the writes it counts on commit or roll back together.
 * No stream writes another's key: the order in which a step registers its streams does not matter.
 *
 * <p><b>Restart.</b> The reader resumes strictly after the saved position, so every event whose
 * effect was only in memory at the crash is read again, and none whose effect committed: the effect
 * of each event is applied exactly once. A crash costs reading again what the writer held, at most
 * its flush interval. A checkpoint saved by an earlier version (the same key, written by the writer
 * over the reader's) means the same and resumes the same way.
 *
 * <p>The contract's test: {@code dev.replay.jobs.rebuild.CheckpointHandoffTest} (the rebuild's reader
 * and writer on a real database: crash with a fold unwritten, restart, in both registration orders).
 *
 * <p>Not thread-safe: one instance serves the reader and the writer of one step execution, which
 * Spring Batch calls on one thread. Each reader owns one ({@code checkpoint()}); the writer is given it.
 */
public final class CheckpointHandoff {

    private boolean holding;
    private EventKey durable; // null while holding: nothing written since the step execution started

    /** The writer, at {@code open}: its effects lag behind the chunks until it {@link #advance}s. */
    public void hold() {
        holding = true;
        durable = null;
    }

    /** The writer, at {@code open}: it applies every chunk in the chunk's transaction. */
    public void release() {
        holding = false;
        durable = null;
    }

    /**
     * The writer, after writing the effect of every event up to and including {@code key} in the
     * current chunk's transaction.
     *
     * @throws IllegalStateException when the writer does not {@link #hold}
     */
    public void advance(EventKey key) {
        if (!holding) {
            throw new IllegalStateException("advance(" + key + ") without hold(): a writer that does not hold"
                    + " commits each chunk's effect with it");
        }
        durable = key;
    }

    /** Whether a writer holds effects in memory, so that the checkpoint may lag the read position. */
    public boolean holding() {
        return holding;
    }

    /**
     * The reader, in {@code update}: the position to save, the minimum of the read and the durable
     * position. The writer advances only to events the reader returned, so while it holds that is
     * the durable position, taken as the writer gave it.
     *
     * @param read the key of the last event returned since open, or null if none
     * @param restored the position the step execution started after, or null for the start
     * @return the position to save; null: from the start
     */
    public EventKey position(EventKey read, EventKey restored) {
        if (!holding) {
            return read != null ? read : restored;
        }
        return durable != null ? durable : restored;
    }
}
