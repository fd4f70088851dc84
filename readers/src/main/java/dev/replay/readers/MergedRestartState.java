package dev.replay.readers;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

/**
 * The restart state of a {@link MergedEventReader}: one position for the whole merged stream,
 * {@code <name>.start.after}, the hot reader's own key (so the hot reader, opened with it,
 * resumes by keyset), saved over the hot reader's entry as the minimum of the merge's read position
 * and the durable position of a writer that holds ({@link CheckpointHandoff}).
 *
 * <p>Not thread-safe: it serves its reader's thread.
 */
final class MergedRestartState {

    private final String name;
    private final JdbcEventReader hot;
    private final CheckpointHandoff checkpoint = new CheckpointHandoff();

    MergedRestartState(String name, JdbcEventReader hot) {
        this.name = name;
        this.hot = hot;
    }

    CheckpointHandoff checkpoint() {
        return checkpoint;
    }

    /** The saved position, or null to start from the beginning. */
    EventKey restoredPosition(ExecutionContext context) {
        String key = key();
        if (!context.containsKey(key)) {
            return null;
        }
        String text = context.getString(key);
        try {
            return EventKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ItemStreamException("Reader [" + name + "] cannot restart from " + key + "=" + text, e);
        }
    }

    /** A copy of {@code context} without the position, for a hot reader that must read from the start. */
    ExecutionContext withoutPosition(ExecutionContext context) {
        ExecutionContext copy = new ExecutionContext(context);
        copy.remove(key());
        return copy;
    }

    /**
     * Saves the hot reader's state (its high-water mark; its position runs ahead of the merge's and is
     * replaced) and the merge's checkpoint.
     *
     * @param read the key of the last event returned since open, or null
     * @param restored the position the reader was opened after, or null
     */
    void save(ExecutionContext context, EventKey read, EventKey restored) {
        hot.update(context);
        EventKey position = checkpoint.position(read, restored);
        if (position != null) {
            context.putString(key(), position.toString());
        } else {
            context.remove(key()); // the hot reader's own, ahead of what a holding writer made durable
        }
    }

    private String key() {
        return hot.key(JdbcEventReader.START_AFTER);
    }
}
