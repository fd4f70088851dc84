package dev.replay.archive;

/**
 * Points in a {@link SegmentArchiver}'s work where its caller may act: crash tests freeze a run
 * there, and the job checks that its locks are still held. Every method defaults to doing
 * nothing; an exception thrown by one fails the segment (and, inside the commit, rolls it back).
 *
 * <p>Implementations must be thread-safe: {@link #beforeCommit} and {@link #segmentCommitted}
 * run on the archiver's commit thread, {@link #segmentWritten} on the caller's.
 */
public interface ArchivalHooks {

    /** Does nothing at every point. */
    ArchivalHooks NONE = new ArchivalHooks() {
    };

    /** A segment's file is written and closed, before it is handed over for verification. */
    default void segmentWritten() {
    }

    /**
     * Inside the commit transaction, after the catalog row is in and the events are deleted,
     * before the transaction commits.
     */
    default void beforeCommit() {
    }

    /** A segment's transaction committed. */
    default void segmentCommitted() {
    }
}
