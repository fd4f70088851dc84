package dev.replay.archive;

/**
 * A segment read back differs from what was written (rows, first or last key, checksum), or
 * cannot be read back at all. Fatal: nothing of the segment may leave the hot store.
 *
 * <p>The message names the segment's path and, for each difference, the expected and the
 * found value.
 */
public class SegmentVerificationException extends RuntimeException {

    private final String path;

    public SegmentVerificationException(String path, String message, Throwable cause) {
        super("Segment " + path + " failed verification: " + message, cause);
        this.path = path;
    }

    public SegmentVerificationException(String path, String message) {
        this(path, message, null);
    }

    /** The path of the segment that failed. */
    public String path() {
        return path;
    }
}
