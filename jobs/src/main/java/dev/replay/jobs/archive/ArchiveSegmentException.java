package dev.replay.jobs.archive;

import dev.replay.jobs.support.NamedFailure;

/**
 * A segment could not be archived: written, verified or committed. Its message names the segment's
 * path and says why; nothing of the segment left the hot store (the commit rolled back or never
 * ran), and its file, if any, is an orphan the next run removes.
 */
public class ArchiveSegmentException extends NamedFailure {

    public ArchiveSegmentException(String path, String reason, Throwable cause) {
        super("Failed to archive segment " + path + ": " + reason, cause);
    }
}
