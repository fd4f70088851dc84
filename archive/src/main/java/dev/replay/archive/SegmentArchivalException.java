package dev.replay.archive;

/**
 * A segment could not be archived: written, verified or committed. Its message names the
 * segment's path and says why; nothing of the segment left the hot store (the commit rolled back
 * or never ran), and its file, if any, is an orphan the next run's cleanup removes.
 */
public class SegmentArchivalException extends RuntimeException {

    private final String segment;
    private final String reason;

    public SegmentArchivalException(String segment, String reason, Throwable cause) {
        super("Failed to archive segment " + segment + ": " + reason, cause);
        this.segment = segment;
        this.reason = reason;
    }

    /** The segment's path. */
    public String segment() {
        return segment;
    }

    /** Why it failed. */
    public String reason() {
        return reason;
    }
}
