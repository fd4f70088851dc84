package dev.replay.readers;

/**
 * A forward-only cursor over events in replay order. Not thread-safe.
 */
public interface EventCursor extends AutoCloseable {

    /** The next event, or null once the cursor is exhausted. */
    Event next();

    /** Releases what the cursor holds (files, threads); safe to call twice. */
    @Override
    void close();
}
